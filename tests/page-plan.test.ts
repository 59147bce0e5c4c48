import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkPrint,
  longestNumber,
  planPages,
  planPart,
  roman,
  type FirstPrint,
  type Marked,
  type PlannedBook,
} from '../scripts/render/pdf/page-plan.js';
import { earlyParts } from '../scripts/render/pdf/render-pdf.js';

/** The page plan on its own, from first prints made up here: no browser, no PDF. */

const book = (chapters: number, cover = false): PlannedBook => ({
  chapters: Array.from({ length: chapters }, (_, i) => ({ id: `c${i + 1}`, title: `Chapter ${i + 1}` })),
  headings: Array.from({ length: chapters }, (_, i) => ({ id: `c${i + 1}` })),
  cover: cover ? {} : undefined,
});

/** A first print whose chapters start on `starts` (0-based), each chapter's heading marked there. */
const print = (pageCount: number, starts: number[], refs: number[] = [], places: number[] = []): FirstPrint => ({
  pageCount,
  chapterStarts: starts,
  marks: starts.map((page) => ({ page, x: 72, top: 700 })),
  refs,
  places,
});

/** The marks of the chapters' headings, and no page reference. */
const headings = (...ids: string[]): Marked => ({ headings: ids, refs: [], places: [], references: [] });

describe('page plan', () => {
  // Title page, copyright page, contents (pages 0–2); chapter 1 on page 3, chapter 2 on 6, 10 pages.
  const plan = planPages([print(10, [3, 6])], [[0, 1]], book(2), headings('c1', 'c2'));

  test('a chapter that would start on a left-hand page gets a blank page before it', () => {
    assert.deepEqual(plan.parts, [{ start: 0, end: 12, blankBefore: ['c1', 'c2'], blankAtEnd: false }]);
    assert.equal(plan.pages.length, 12);
    // The blanks are pages 3 and 7 (0-based): no head, no number.
    assert.deepEqual(plan.pages[3], { head: '', folio: '' });
    assert.deepEqual(plan.pages[7], { head: '', folio: '' });
  });

  test('folios: none on the title page, roman in the front matter, arabic from the first chapter', () => {
    assert.deepEqual(
      plan.pages.map((p) => p.folio),
      ['', 'ii', 'iii', '', '1', '2', '3', '', '5', '6', '7', '8'],
    );
  });

  test('a cover page is unnumbered too', () => {
    const covered = planPages([print(9, [4])], [[0]], book(1, true), headings('c1'));
    assert.deepEqual(
      covered.pages.map((p) => p.folio),
      ['', '', 'iii', 'iv', '1', '2', '3', '4', '5'],
    );
  });

  test("running heads: a chapter's title on its pages after its first, none on blanks", () => {
    assert.deepEqual(
      plan.pages.map((p) => p.head),
      ['', '', '', '', '', 'Chapter 1', 'Chapter 1', '', '', 'Chapter 2', 'Chapter 2', 'Chapter 2'],
    );
  });

  test('TOC numbers and places come from the marks, moved by the blanks before them', () => {
    assert.deepEqual(plan.tocNumbers, { c1: '1', c2: '5' });
    assert.deepEqual(plan.tocPlaces.c2, { page: 8, x: 72, top: 700 });
    assert.equal(longestNumber(plan), 1);
  });

  test("parts: a blank before a part's first chapter ends the part before", () => {
    // Part 1: pages 0–5 of its own, chapter 1 on 3; part 2: chapter 2 on its page 0 (book page 6).
    const parted = planPages([print(6, [3]), print(4, [0])], [[0], [1]], book(2), headings('c1', 'c2'));
    assert.deepEqual(parted.parts, [
      { start: 0, end: 8, blankBefore: ['c1'], blankAtEnd: true },
      { start: 8, end: 12, blankBefore: [], blankAtEnd: false },
    ]);
    assert.deepEqual(parted.tocNumbers, { c1: '1', c2: '5' });
  });

  test("a part's plan from the parts up to it is its plan in the whole book's", () => {
    // Three parts: an odd and an even number of pages, chapters starting on either side.
    const prints = [print(7, [3, 4]), print(4, [0, 1]), print(5, [0, 3]), print(3, [0])];
    const parts = [[0, 1], [2, 3], [4, 5], [6]];
    const ids = Array.from({ length: 7 }, (_, i) => `c${i + 1}`);
    const whole = planPages(prints, parts, book(7), headings(...ids));
    const headingsOf = [2, 4, 6, 7];
    parts.forEach((_, index) => {
      const early = planPart(
        prints.slice(0, index + 1),
        parts.slice(0, index + 1),
        book(7),
        headings(...ids.slice(0, headingsOf[index])),
        index === parts.length - 1,
      );
      const planned = whole.parts[index]!;
      assert.deepEqual(early.part, planned, `part ${index + 1}`);
      assert.deepEqual(early.pages, whole.pages.slice(planned.start, planned.end), `part ${index + 1}'s pages`);
    });
    // The parts end with blanks and not, as their pages fall.
    assert.deepEqual(
      whole.parts.map((part) => part.blankAtEnd),
      [true, true, false, false],
    );
  });

  test('a print whose marks are not the ones made is an error, not a plan', () => {
    assert.throws(
      () => planPages([print(10, [3])], [[0, 1]], book(2), headings('c1')),
      /1 chapter marks for 2 chapters/,
    );
    assert.throws(() => planPages([print(10, [3, 6])], [[0, 1]], book(2), headings('c1')), /2 page marks where 1/);
    assert.throws(
      () => planPages([print(5, [3]), print(4, [1])], [[0], [1]], book(2), headings('c1', 'c2')),
      /part 2 of the print does not start with its first chapter/,
    );
  });

  test('a page reference shows the folio of its target on another page; one to its own page is hidden', () => {
    // Chapter 1 on page 3 (a blank before it), chapter 2 on page 6; three references on pages
    // 4, 4 and 8 (first print), to chapter 2's heading, to chapter 1's, and to a note not found;
    // a fourth, to chapter 2, is not laid out (the book's style hides it), so it has no mark.
    const referenced = planPages([print(10, [3, 6], [4, 4, 8], [6, 3])], [[0, 1]], book(2), {
      headings: ['c1', 'c2'],
      refs: [0, 1, 2],
      places: ['c2', 'c1'],
      references: ['c2', 'c1', 'gone', 'c2'],
    });
    assert.deepEqual(referenced.references, [
      { shown: true, text: '5' },
      { shown: true, text: '1' },
      { shown: false, text: '' },
      { shown: false, text: '5' },
    ]);
    // The reference on chapter 1's first page to chapter 1's heading is on its own page.
    const own = planPages([print(10, [3, 6], [3], [3])], [[0, 1]], book(2), {
      headings: ['c1', 'c2'],
      refs: [0],
      places: ['c1'],
      references: ['c1'],
    });
    assert.deepEqual(own.references, [{ shown: false, text: '1' }]);
    assert.throws(
      () => planPages([print(10, [3, 6], [4])], [[0, 1]], book(2), headings('c1', 'c2')),
      /1 and 0 marks where 0 page references/,
    );
  });

  test('the second print is checked against the plan', () => {
    assert.equal(checkPrint(12, plan, new Map([['c2', 8]])), undefined);
    assert.match(checkPrint(11, plan, new Map()) ?? '', /11 pages where 12 were planned/);
    assert.match(checkPrint(12, plan, new Map([['c2', 9]])) ?? '', /#c2 is on page 10 .* page 9 was planned/);
    assert.match(checkPrint(12, plan, new Map()) ?? '', /no bookmark for any heading/);
  });

  test('roman numerals', () => {
    assert.deepEqual([1, 4, 9, 14, 40, 90, 400, 1994].map(roman), [
      'i',
      'iv',
      'ix',
      'xiv',
      'xl',
      'xc',
      'cd',
      'mcmxciv',
    ]);
  });
});

describe('the parts printed for the last time in the first pass', () => {
  const part = (length: number, hasToc = false): { html: string; hasToc: boolean } => ({
    html: 'x'.repeat(length),
    hasToc,
  });

  test('all but the contents, and the last ones, as long as the contents for each other page', () => {
    const parts = [part(500, true), part(200), part(200), part(200), part(200), part(200)];
    assert.deepEqual(
      [...earlyParts(parts, 2)].sort((a, b) => a - b),
      [1, 2],
    );
    assert.deepEqual(
      [...earlyParts(parts, 1)].sort((a, b) => a - b),
      [1, 2, 3, 4, 5],
    );
  });

  test('the contents in a later part, or none', () => {
    assert.deepEqual(
      [...earlyParts([part(100), part(100, true), part(100), part(100)], 2)].sort((a, b) => a - b),
      [0, 2],
    );
    assert.deepEqual(
      [...earlyParts([part(100), part(100)], 2)].sort((a, b) => a - b),
      [0, 1],
    );
  });
});
