import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { escapeTooDeep, findTooDeep, maxNesting } from '../scripts/book/nesting-depth.js';
import { run, tempDir, writeBook } from './helpers.js';

type Kind = 'quote' | 'item';

/**
 * A document of text lines, each inside the containers of its path (outermost first). Where the
 * path changes, a blank line ends the paragraph, so no line is a lazy continuation.
 */
function documentOf(paths: readonly (readonly Kind[])[]): string {
  const lines: string[] = [];
  paths.forEach((path, index) => {
    const previous = paths[index - 1];
    let common = 0;
    while (previous && common < path.length && previous[common] === path[common]) common++;
    const same = previous !== undefined && common === path.length && common === previous.length;
    const continuation = path
      .slice(0, common)
      .map((kind) => (kind === 'quote' ? '> ' : '  '))
      .join('');
    if (index > 0 && !same) lines.push(continuation.trimEnd());
    lines.push(
      `${continuation}${path
        .slice(same ? path.length : common)
        .map((kind) => (kind === 'quote' ? '> ' : '- '))
        .join('')}x`,
    );
  });
  return `${lines.join('\n')}\n`;
}

/** The first line whose text remark-parse puts inside more than `limit` blockquotes and list items. */
function firstTooDeep(text: string, limit: number): number | undefined {
  const lines: number[] = [];
  const walk = (node: Nodes, depth: number): void => {
    if (node.type === 'text' && depth > limit && node.position) lines.push(node.position.start.line);
    const inner = node.type === 'blockquote' || node.type === 'listItem' ? depth + 1 : depth;
    if ('children' in node) for (const child of node.children) walk(child as Nodes, inner);
  };
  walk(unified().use(remarkParse).parse(text), 0);
  return lines.length > 0 ? Math.min(...lines) : undefined;
}

/** Documents of lines in random blockquotes and list items, and limits to scan them with. */
const nestings = fc.array(fc.array(fc.constantFrom<Kind>('quote', 'item'), { maxLength: 6 }), {
  minLength: 1,
  maxLength: 12,
});
const limits = fc.integer({ min: 1, max: 4 });

test('the line scan finds the same first too-deep line as the parser', () => {
  fc.assert(
    fc.property(nestings, limits, (paths, limit) => {
      const text = documentOf(paths);
      const found = findTooDeep(text, limit);
      assert.equal(found?.line, firstTooDeep(text, limit), text);
      if (found) assert.match(text.split('\n')[found.line - 1]!.charAt(found.column - 1), /[>-]/);
    }),
    { numRuns: 300 },
  );
});

test("escaped past the limit, the text parses no deeper than the limit, and keeps every line's word", () => {
  fc.assert(
    fc.property(nestings, limits, (paths, limit) => {
      const text = documentOf(paths);
      const escaped = escapeTooDeep(text, limit);
      assert.deepEqual(escaped?.first, findTooDeep(text, limit), text);
      const read = escaped?.text ?? text;
      assert.equal(firstTooDeep(read, limit), undefined, read);
      const words = toString(unified().use(remarkParse).parse(read)).match(/x/g)?.length;
      assert.equal(words, paths.length, read);
    }),
    { numRuns: 300 },
  );
});

test('fenced code, thematic breaks and long text do not count as nesting', () => {
  assert.equal(findTooDeep(`\`\`\`\n${'> '.repeat(100)}x\n\`\`\`\n`), undefined);
  assert.equal(findTooDeep(`${'* '.repeat(100)}\n`), undefined);
  assert.equal(findTooDeep(`${'word '.repeat(200_000)}\n`), undefined);
  assert.equal(findTooDeep(`${'> '.repeat(maxNesting)}x\n`), undefined);
  assert.deepEqual(findTooDeep(`# A\n\n${'> '.repeat(maxNesting + 1)}x\n`), {
    line: 3,
    column: 2 * maxNesting + 1,
    depth: maxNesting + 1,
  });
});

test(
  'a chapter 800 levels deep is reported and read as 64 levels, within its parse deadline; ' +
    'a huge paragraph is fine',
  (t) => {
    const deep = Array.from({ length: 800 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');
    const config = writeBook(tempDir(t), {
      'book.yaml': 'title: Deep\nchapters: [deep.md, long.md]\n',
      'deep.md': `# Deep\n\n${deep}\n`,
      'long.md': `# Long\n\n${'A very long paragraph. '.repeat(40_000)}\n`,
    });
    // No wall-clock bound here: each chapter's parse has its deadline (parse-deadline.ts, 15 s and
    // 60 s for these), past which the parse-time rule would report it among the messages.
    const result = run(['check', '--config', config, '--reporter', 'json']);
    const messages = JSON.parse(result.stdout) as { file: string; line: number; column: number; ruleId: string }[];
    assert.deepEqual(
      messages.map((m) => `${m.file}:${m.line}:${m.column} ${m.ruleId}`),
      [`deep.md:${maxNesting + 3}:${2 * maxNesting + 1} nesting-depth`],
    );
    assert.equal(result.status, 0);
  },
);
