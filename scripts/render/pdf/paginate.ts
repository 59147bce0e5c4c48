import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import type { Book } from '../../book/types.js';
import { loadPdf } from './join-parts.js';
import type { LinkTargets } from './print-document.js';
import { safeDecode } from '../../book/safe-decode.js';

/** Where everything goes in the second print: blank pages, page numbers and running heads. */
export interface PagePlan {
  /** The printed page number of each TOC heading, by id. */
  readonly tocNumbers: Readonly<Record<string, string>>;
  /**
   * Where each TOC heading lands in the final PDF, by id: its page (0-based), what the second
   * print is checked against, and where its first line starts, in PDF points (from its page
   * mark), where its TOC link goes.
   */
  readonly tocPlaces: Readonly<Record<string, { page: number; x: number; top: number }>>;
  /** For each page of the final PDF (index 0 = page 1): its running head and its printed number. */
  readonly pages: readonly { head: string; folio: string }[];
  /**
   * Each printed part's pages in the final PDF (`start` to before `end`), the chapters it puts a
   * blank page before (so that they start on a right-hand, odd, page), and whether it ends with one (the blank before the next part's first
   * chapter is the last page of this part, so every part starts on a right-hand page).
   */
  readonly parts: readonly { start: number; end: number; blankBefore: readonly string[]; blankAtEnd: boolean }[];
}

/** What the plan needs from one part's first print: its pages, and the pages and places of its marks. */
export interface FirstPrint {
  readonly pageCount: number;
  /** The page of each chapter's mark, in book order. */
  readonly chapterStarts: readonly number[];
  /** Each heading mark's page and place (x, top in PDF points), in document order. */
  readonly marks: readonly { page: number; x: number; top: number }[];
}

/**
 * Reads a part's first print: its page count and the page on which each chapter and heading
 * landed (the file has no `target-counter()` to do it), from their page marks (render-pdf.ts).
 */
export async function readFirstPrint(pdf: Uint8Array, targets: LinkTargets): Promise<FirstPrint> {
  const doc = await loadPdf(pdf);
  const marks = linkAnnotations(doc, targets.mark).map(({ annotation, page }) => {
    const [x = 0, , , top = 0] = annotation
      .lookup(PDFName.of('Rect'), PDFArray)
      .asArray()
      .map((n) => (n instanceof PDFNumber ? n.asNumber() : 0));
    return { page, x, top };
  });
  return {
    pageCount: doc.getPageCount(),
    chapterStarts: linkAnnotations(doc, targets.chapter).map((mark) => mark.page),
    marks,
  };
}

/**
 * Plans the second print from the parts' first prints (the chapters of each part in `parts`, the
 * TOC headings' ids in the order of their marks in `marked`): a blank page before each chapter
 * that would start on a left-hand page, the front matter in roman numerals and the body from 1,
 * no number on the cover and title pages, and each chapter's title at the head of its pages
 * after the first.
 */
export function planPages(
  prints: readonly FirstPrint[],
  parts: readonly (readonly number[])[],
  book: Book,
  marked: readonly string[],
): PagePlan {
  // The parts' pages in a row: a page's number in the book before any blank page is added.
  const offsets: number[] = [];
  let pageCount = 0;
  for (const print of prints) {
    offsets.push(pageCount);
    pageCount += print.pageCount;
  }
  const starts = prints.flatMap((print, part) => print.chapterStarts.map((page) => page + offsets[part]!));
  const marks = prints.flatMap((print, part) =>
    print.marks.map((mark) => ({ ...mark, page: mark.page + offsets[part]! })),
  );
  if (marks.length !== marked.length)
    throw new Error(`the first print has ${marks.length} page marks where ${marked.length} headings were marked`);
  if (starts.length !== book.chapters.length)
    throw new Error(`the first print has ${starts.length} chapter marks for ${book.chapters.length} chapters`);
  parts.forEach((chapters, part) => {
    if (part > 0 && starts[chapters[0]!] !== offsets[part])
      throw new Error(`part ${part + 1} of the print does not start with its first chapter`);
  });
  const headingMark = new Map(marked.map((id, index) => [id, marks[index]!]));

  // Physical page (0-based) in the final PDF: first-print page plus the blank pages inserted before it.
  const blanks = new Set<string>();
  const shift: number[] = [];
  let added = 0;
  book.chapters.forEach((chapter, index) => {
    if ((starts[index]! + added) % 2 === 1) {
      blanks.add(chapter.id);
      added++;
    }
    shift.push(added);
  });
  const finalPage = (page: number): number => {
    let s = 0;
    starts.forEach((start, index) => {
      if (page >= start) s = shift[index]!;
    });
    return page + s;
  };

  const bodyStart = finalPage(starts[0]!);
  const frontUnnumbered = book.cover ? 2 : 1;
  const total = pageCount + added;
  const pages = Array.from({ length: total }, (_, page) => ({
    head: '',
    folio: page < frontUnnumbered ? '' : page < bodyStart ? roman(page + 1) : String(page - bodyStart + 1),
  }));
  book.chapters.forEach((chapter, index) => {
    const first = finalPage(starts[index]!);
    const end =
      index + 1 < book.chapters.length
        ? finalPage(starts[index + 1]!) - (blanks.has(book.chapters[index + 1]!.id) ? 1 : 0)
        : total;
    if (blanks.has(chapter.id)) pages[first - 1] = { head: '', folio: '' };
    for (let page = first + 1; page < end; page++) pages[page]!.head = chapter.title;
  });
  const tocNumbers: Record<string, string> = {};
  const tocPlaces: Record<string, { page: number; x: number; top: number }> = {};
  for (const heading of book.headings) {
    const mark = headingMark.get(heading.id);
    if (!mark) continue;
    const page = finalPage(mark.page);
    tocNumbers[heading.id] = pages[page]!.folio;
    tocPlaces[heading.id] = { page, x: mark.x, top: mark.top };
  }
  const firstOf = (part: number): string | undefined => book.chapters[parts[part]?.[0] ?? -1]?.id;
  const planned = parts.map((chapters, part) => ({
    start: part === 0 ? 0 : finalPage(offsets[part]!),
    end: part + 1 < parts.length ? finalPage(offsets[part + 1]!) : total,
    blankBefore: chapters
      .map((index) => book.chapters[index]!.id)
      .filter((id) => blanks.has(id) && (part === 0 || id !== firstOf(part))),
    blankAtEnd: blanks.has(firstOf(part + 1) ?? ''),
  }));
  return { tocNumbers, tocPlaces, pages, parts: planned };
}

/** The longest TOC page number of a plan, in characters: the room its slots need. */
export function longestNumber(plan: PagePlan): number {
  return Math.max(0, ...Object.values(plan.tocNumbers).map((n) => n.length));
}

/**
 * Whether the second print came out as planned: its page count, and every TOC heading on the
 * page its number names (`pageOf`: the page of each heading found in that print; one that is
 * not found is not checked, but some must be). Anything else means the layout moved between the
 * prints, and the numbers would lie; the message says where.
 */
export function checkPrint(doc: PDFDocument, plan: PagePlan, pageOf: ReadonlyMap<string, number>): string | undefined {
  if (doc.getPageCount() !== plan.pages.length)
    return `the second print has ${doc.getPageCount()} pages where ${plan.pages.length} were planned`;
  const planned = Object.entries(plan.tocPlaces);
  if (planned.length > 0 && !planned.some(([id]) => pageOf.has(id)))
    return 'the second print has no bookmark for any heading of the table of contents';
  for (const [id, { page: expected }] of planned) {
    const page = pageOf.get(id);
    if (page !== undefined && page !== expected)
      return `the heading #${id} is on page ${page + 1} of the second print where page ${expected + 1} was planned`;
  }
  return undefined;
}

/** The link annotations that point at the named destination `target`, page by page, in the order each page lists them. */
export function linkAnnotations(doc: PDFDocument, target: string): { annotation: PDFDict; page: number }[] {
  const found: { annotation: PDFDict; page: number }[] = [];
  doc.getPages().forEach((page, index) => {
    const annotations = page.node.Annots();
    for (let i = 0; i < (annotations?.size() ?? 0); i++) {
      const annotation = annotations!.lookupMaybe(i, PDFDict);
      const dest = annotation?.get(PDFName.of('Dest'));
      if (annotation && dest instanceof PDFName && safeDecode(dest.decodeText()) === target)
        found.push({ annotation, page: index });
    }
  });
  return found;
}

function roman(n: number): string {
  const numerals: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let out = '';
  for (const [value, numeral] of numerals) for (; n >= value; n -= value) out += numeral;
  return out;
}
