import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { countFor, pathological } from '../scripts/bench/pathological-inputs.js';
import { findTooDeep } from '../scripts/book/nesting-depth.js';

/**
 * cmark's pathological inputs (scripts/bench/pathological-inputs.ts), each checked twice: its
 * tree, at a small size, is what CommonMark's rules make of it (as in the reference's own tests),
 * and the parser's work grows linearly with it: the CPU time for 16 times the repeats (10 KB
 * and 160 KB of most) is compared per character, in the same run, with a generous factor:
 * quadratic work takes 16 times as long per character (11–19 times with the unpatched parser),
 * linear work here up to about 4 times (a larger heap costs the garbage collector more, and the
 * tests that run alongside weigh on it). `npm run bench` builds each at its full size, beside Pandoc.
 */

const parser = unified().use(remarkParse).use(remarkGfm);

/** What the tree of each input holds for a repeat count: node counts, and its text. */
const expected: Record<string, (n: number, input: string) => { counts?: Record<string, number>; text: string }> = {
  'nested strong emph': (n, input) => ({ counts: { emphasis: n, strong: n }, text: input.replaceAll('*', '') }),
  'pattern ![[]() repeated': (n) => ({ counts: { link: n, image: 0 }, text: '!['.repeat(n) }),
  'nested block quotes': (n) => ({ counts: { blockquote: n }, text: 'a' }),
  'deeply nested lists': (n) => ({ counts: { listItem: n }, text: 'a'.repeat(n) }),
};
/** Every other input stays one text: no emphasis, link, code or raw HTML is found in it. */
const plain = (_: number, input: string) => ({
  counts: { text: 1, emphasis: 0, strong: 0, link: 0, inlineCode: 0, html: 0, table: 0 },
  text: input.replace(/[ \n]+$/, ''),
});

/**
 * The CPU time, in ms, of the quickest of `runs` parses (HTML out, so that no tree depth limits
 * it). As in a build, a text whose lists or blockquotes nest deeper than 64 levels is found by
 * the line scan and not parsed.
 */
function parseTime(input: string, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    if (!findTooDeep(input)) micromark(input, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

for (const shape of pathological) {
  test(`${shape.name}: its tree follows CommonMark, and its parse grows linearly`, () => {
    const n = 40;
    const input = shape.make(n);
    const tree = parser.parse(input) as Root;
    const want = (expected[shape.name] ?? plain)(n, input);
    const counts: Record<string, number> = {};
    visit(tree, (node) => void (counts[node.type] = (counts[node.type] ?? 0) + 1));
    for (const [type, count] of Object.entries(want.counts ?? {}))
      assert.equal(counts[type] ?? 0, count, `${type} nodes`);
    assert.equal(toString(tree), want.text);

    // 16 times the repeats: 16 times the text, or 256 times where the text grows with the square
    // of the repeats (the backticks' runs, the lists' indentation) and the work did with the
    // repeats times the text.
    const repeats = countFor(shape.make, 10_000);
    const small = shape.make(repeats);
    const large = shape.make(16 * repeats);
    parseTime(small, 1); // Warm up.
    // Interleaved, so that whatever else runs on the machine weighs on both alike.
    let smallTime = Infinity;
    let largeTime = Infinity;
    for (let round = 0; round < 2; round++) {
      smallTime = Math.min(smallTime, parseTime(small, 3));
      largeTime = Math.min(largeTime, parseTime(large, 1));
    }
    const perCharacter = largeTime / large.length / (smallTime / small.length);
    assert.ok(
      perCharacter < 8,
      `${large.length} characters took ${perCharacter.toFixed(2)}× the time per character of ${small.length}`,
    );
  });
}
