import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { lint } from 'markdownlint/sync';
import { parse } from 'yaml';
import { specExamples } from './commonmark-book.js';
import { repo, run, tempDir, writeBook } from './helpers.js';

/**
 * markdownlint's heading rules side by side with the checker: every line that markdownlint
 * flags is flagged at the same line by the rule of ours that corresponds. Ours may find more
 * (duplicate headings across chapters, trailing spaces, tabs).
 */
const ours: Readonly<Record<string, readonly string[]>> = {
  MD001: ['heading-increment'],
  MD018: ['heading-whitespace'],
  MD019: ['heading-whitespace'],
  MD020: ['heading-whitespace'],
  MD021: ['heading-whitespace'],
  MD023: ['heading-whitespace'],
  // A second heading without text is reported once, as an empty heading.
  MD024: ['duplicate-heading', 'empty-heading'],
  MD025: ['single-h1'],
  MD026: ['heading-punctuation'],
};

const config = { default: false, ...Object.fromEntries(Object.keys(ours).map((rule) => [rule, true])) };

/** Edge cases beyond the fixture books: closed headings, missed ones, setext, quotes, empty ones. */
const edgeCases: Record<string, string> = {
  'closed.md': '# Closed\n\n## A ##\n\n##  B  ##\n\n## C#\n\n#D#\n\n## E\\#\n\n#F #\n\n##\tG\t##\n',
  'missed.md':
    '# Missed\n\n#hashtag\n\ntext\n#5 things\n\n    #code\n\n<div>\n#html\n</div>\n\n> #quoted\n\n#️⃣ emoji\n',
  'setext.md':
    'Title\n=====\n\n  Indented\n  --------\n\nTwo\nlines.\n------\n\n>  ## Quoted\n\n- a\n\n   ## In a list\n',
  'empty.md': '# Empty\n\n##\n\nText.\n\n## ##\n\nText.\n\n# Again\n\n#### Deep.\n',
  'containers.md':
    '# Containers\n\n   > ## Quoted\n\n   - ## Listed\n\n >  ## Spaced\n\n ' +
    '- a\n\n    ## Deeper\n\n- b\n  - ## Nested\n',
};

describe("markdownlint's heading rules find nothing that the checker misses", () => {
  const books = [
    { name: 'the real book', config: path.join(repo, 'book.yaml') },
    ...['sampler', 'headings', 'links', 'raw-html', 'nesting'].map((name) => ({
      name: `the "${name}" fixture`,
      config: path.join(repo, 'tests', 'fixtures', name, 'book.yaml'),
    })),
  ];
  for (const book of books) {
    test(book.name, () => {
      compare(book.config);
    });
  }

  test('edge cases', (t) => {
    const chapters = Object.keys(edgeCases);
    const bookYaml = writeBook(tempDir(t), {
      'book.yaml': `title: Edge Cases\nchapters: [${chapters.join(', ')}]\n`,
      ...edgeCases,
    });
    const found = compare(bookYaml);
    assert.ok(found >= 18, `markdownlint found ${found} problems in the edge cases`);
  });

  test('every CommonMark example', (t) => {
    const dir = tempDir(t);
    const examples = specExamples();
    const files = Object.fromEntries(
      examples.map((example, index) => [`ex-${index + 1}.md`, `# Example ${index + 1}\n\n${example.markdown}`]),
    );
    compare(
      writeBook(dir, { 'book.yaml': `title: CommonMark\nchapters: [${Object.keys(files).join(', ')}]\n`, ...files }),
    );
  });

  test('on the real book, markdownlint finds problems at all', () => {
    assert.ok(compare(path.join(repo, 'book.yaml')) > 0);
  });
});

/** Asserts that ours flags every line markdownlint flags, and returns how many markdownlint flagged. */
function compare(bookYaml: string): number {
  const root = path.dirname(bookYaml);
  const chapters = (parse(readFileSync(bookYaml, 'utf8')) as { chapters: string[] }).chapters;
  const result = run(['check', '--config', bookYaml, '--reporter', 'json']);
  const flagged = new Set(
    (JSON.parse(result.stdout) as { file: string; line: number; ruleId: string }[]).map(
      (m) => `${m.file}:${m.line} ${m.ruleId}`,
    ),
  );
  const theirs = lint({ files: chapters.map((chapter) => path.join(root, chapter)), config });
  const missed: string[] = [];
  let count = 0;
  for (const chapter of chapters) {
    for (const error of theirs[path.join(root, chapter)] ?? []) {
      count++;
      const rule = error.ruleNames[0]!;
      const ids = ours[rule] ?? [];
      if (!ids.some((id) => flagged.has(`${chapter}:${error.lineNumber} ${id}`)))
        missed.push(`${chapter}:${error.lineNumber} ${rule} (${ids.join(' or ')}) ${error.errorDetail ?? ''}`);
    }
  }
  assert.deepEqual(missed, [], `markdownlint flags lines the checker does not:\n${missed.join('\n')}`);
  return count;
}
