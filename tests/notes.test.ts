import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { needs, pdfPages, repo, run, tempDir, writeBook } from './helpers.js';

/**
 * Footnotes in the PDF. The fixture book has 58 notes: short and long ones, several to a
 * paragraph, in lists, a numbered list, tables, quotes and headings. Each call stands after a word
 * `Call<n>x`, and each note starts with `Note<n>x`, so that the PDF's text says where each landed.
 */
const fixture = path.join(repo, 'tests/fixtures/notes');
const noteCount = ['01-notes.md', '02-more-notes.md']
  .map((file) => readFileSync(path.join(fixture, 'chapters', file), 'utf8').match(/^\[\^/gm)?.length ?? 0)
  .reduce((a, b) => a + b);

/** The fixture printed (book.yaml's `pdf` replaced by `pdf`, when given): the text of its pages. */
function printed(t: TestContext, pdf?: string): string[] {
  const out = path.join(tempDir(t), 'out');
  let config = path.join(fixture, 'book.yaml');
  if (pdf) {
    const yaml = readFileSync(config, 'utf8').replace(/^pdf:[\s\S]*$/m, `pdf: ${pdf}\n`);
    const dir = tempDir(t);
    config = writeBook(dir, {
      'book.yaml': yaml,
      'chapters/01-notes.md': readFileSync(path.join(fixture, 'chapters/01-notes.md')),
      'chapters/02-more-notes.md': readFileSync(path.join(fixture, 'chapters/02-more-notes.md')),
    });
  }
  const result = run(['build', '--config', config, '--out', out, '--format', 'pdf']);
  assert.equal(result.status, 0, result.stderr);
  // Words broken at a line's end are joined again.
  return pdfPages(path.join(out, 'a-book-of-notes.pdf')).map((page) => page.replace(/\u00ad?‐\n\s*/g, ''));
}

/** Where each call and each note is: page and line, by the note's number in the fixture. */
function places(pages: string[]): { calls: Map<number, Place>; notes: Map<number, Place> } {
  // The contents list the headings' words, calls' words among them: the chapters start with call 1.
  const start = pages.findIndex((page) => /\bCall1x/.test(page));
  const calls = new Map<number, Place>();
  const notes = new Map<number, Place>();
  pages.forEach((text, page) => {
    if (page < start) return;
    text.split('\n').forEach((line, at) => {
      for (const [, n, number] of line.matchAll(/Call(\d+)x(\d+)/g))
        if (!calls.has(Number(n))) calls.set(Number(n), { page, line: at, number: number! });
      for (const [, number, n] of line.matchAll(/(\d+)\.?\s+Note(\d+)x/g))
        if (!notes.has(Number(n))) notes.set(Number(n), { page, line: at, number: number! });
    });
  });
  return { calls, notes };
}

interface Place {
  readonly page: number;
  readonly line: number;
  readonly number: string;
}

describe('footnotes in the PDF', () => {
  test('every note starts at the foot of its call’s page, with its call’s number, in order', (t) => {
    if (!needs(t, 'chromium') || !needs(t, 'poppler')) return;
    const pages = printed(t);
    const { calls, notes } = places(pages);
    assert.equal(noteCount >= 50, true);
    assert.equal(calls.size, noteCount, 'every call is printed');
    assert.equal(notes.size, noteCount, 'every note is printed');
    for (const [n, call] of calls) {
      const note = notes.get(n)!;
      assert.equal(note.page, call.page, `note ${n} is on page ${note.page + 1}, its call on page ${call.page + 1}`);
      assert.equal(note.number, call.number, `note ${n} has its call's number`);
    }
    // At the foot: below every call of its page; and in the order of their calls.
    for (const page of new Set([...notes.values()].map((note) => note.page))) {
      const onPage = [...notes].filter(([, note]) => note.page === page);
      const lastCall = Math.max(...[...calls.values()].filter((call) => call.page === page).map((call) => call.line));
      assert.ok(
        onPage.every(([, note]) => note.line > lastCall),
        `page ${page + 1}: its notes are below its text`,
      );
      const order = onPage.sort((a, b) => a[1].line - b[1].line).map(([n]) => n);
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
        `page ${page + 1}: its notes are in order`,
      );
    }
    // The long notes go on at the foot of the next page, marked as continued.
    const continued = pages.flatMap((page, index) => (page.includes('(continued)') ? [index] : []));
    for (const page of continued) assert.match(pages[page - 1]!, /Note\d+x/, `page ${page + 1} continues a note`);
    const long = pages.flatMap((page, index) => (page.includes('begins a long note') ? [index] : []));
    assert.ok(long.length >= 2 && continued.length >= 1, 'a long note goes on to the next page');
    for (const page of long) {
      const whole = pages[page]!.includes('A second paragraph of Note');
      assert.ok(whole || continued.includes(page + 1), `the long note of page ${page + 1} is whole or goes on`);
    }
    assert.ok(!pages.join('').includes('↩'), 'no way back on paper');
  });

  test('book.yaml can set them at the end of their chapter', (t) => {
    if (!needs(t, 'chromium') || !needs(t, 'poppler')) return;
    const pages = printed(t, '{size: A5, margin: 18mm, notes: chapter}');
    const { calls, notes } = places(pages);
    assert.equal(notes.size, noteCount);
    const lastCallOfChapter = (n: number): number =>
      Math.max(...[...calls].filter(([m]) => m <= 31 === n <= 31).map(([, call]) => call.page));
    for (const [n, note] of notes) assert.ok(note.page >= lastCallOfChapter(n), `note ${n} is at its chapter's end`);
    assert.ok(!pages.join('').includes('↩'), 'no way back on paper');
  });
});
