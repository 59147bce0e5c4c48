import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ruleIds } from '../scripts/check/rules/index.js';
import { writeBook } from './helpers.js';

/** Every example of the CommonMark spec, from the commonmark-spec package: its section and Markdown. */
export function specExamples(): { section: string; markdown: string }[] {
  const spec = readFileSync(createRequire(import.meta.url).resolve('commonmark-spec/spec.txt'), 'utf8');
  const examples: { section: string; markdown: string }[] = [];
  let section = '';
  const fence = '`'.repeat(32);
  const lines = spec.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{1,6} (.+)$/.exec(lines[i]!);
    if (heading) section = heading[1]!;
    if (lines[i] !== `${fence} example`) continue;
    const markdown: string[] = [];
    for (i++; lines[i] !== '.'; i++) markdown.push(lines[i]!);
    while (lines[i] !== fence) i++;
    examples.push({ section, markdown: `${markdown.join('\n').replace(/→/g, '\t')}\n` });
  }
  return examples;
}

/**
 * Writes a book with one chapter per CommonMark spec example (each after a heading of its own),
 * with every rule switched off: whatever the Markdown, the outputs must stay valid.
 */
export function writeCommonMarkBook(dir: string, extra = ''): string {
  const examples = specExamples();
  const files: Record<string, string> = {};
  const chapters = examples.map((example, index) => {
    const name = `ex-${String(index + 1).padStart(3, '0')}.md`;
    files[name] = `# Example ${index + 1}: ${example.section}\n\n${example.markdown}`;
    return name;
  });
  files['book.yaml'] = [
    'title: Every CommonMark Example',
    'slug: commonmark',
    `chapters: [${chapters.join(', ')}]`,
    `check: {rules: {${ruleIds.map((r) => `${r}: off`).join(', ')}}}`,
    extra,
  ].join('\n');
  return writeBook(dir, files);
}
