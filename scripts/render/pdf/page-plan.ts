/**
 * The page plan: where everything goes in the second print (blank pages, page numbers, running
 * heads, TOC numbers), worked out from where the first print put the chapters and headings.
 * Pure: no browser and no PDF library, so it is tested on its own (tests/page-plan.test.ts).
 */

/** Where everything goes in the second print: blank pages, page numbers and running heads. */
export interface PagePlan {
  /** The printed page number of each TOC heading, by id. */
  readonly tocNumbers: Readonly<Record<string, string>>;
  /**
   * Where each TOC heading lands in the final PDF, by id: its page (0-based), what the second
   * print is checked against, and where its first line starts, in PDF points (from its page
   * mark), where its TOC link goes.
   */
  readonly tocPlaces: Readonly<Record<string, Place>>;
  /** For each page of the final PDF (index 0 = page 1): its running head and its printed number. */
  readonly pages: readonly PlannedPage[];
  /**
   * Each printed part's pages in the final PDF (`start` to before `end`), the chapters it puts a
   * blank page before (so that they start on a right-hand, odd, page), and whether it ends with
   * one (the blank before the next part's first chapter is the last page of this part, so every
   * part starts on a right-hand page).
   */
  readonly parts: readonly PlannedPart[];
  /** Each page reference (page-references.ts), in document order: shown or not, and its number. */
  readonly references: readonly ReferenceState[];
}

export interface PlannedPage {
  readonly head: string;
  readonly folio: string;
}

export interface PlannedPart {
  readonly start: number;
  readonly end: number;
  readonly blankBefore: readonly string[];
  readonly blankAtEnd: boolean;
}

/** A place on a page: its page (0-based) and where it starts, in PDF points. */
export interface Place {
  readonly page: number;
  readonly x: number;
  readonly top: number;
}

/** What the plan needs from one part's first print: its pages, and the pages and places of its marks. */
export interface FirstPrint {
  readonly pageCount: number;
  /** The page of each chapter's mark, in book order. */
  readonly chapterStarts: readonly number[];
  /** Each heading mark's page and place (x, top in PDF points), in document order. */
  readonly marks: readonly Place[];
  /** The page of each page reference's mark, and of each of their targets' marks, in document order. */
  readonly refs: readonly number[];
  readonly places: readonly number[];
}

/** What was marked in the first print, in the order of the marks: headings, references' targets, references. */
export interface Marked {
  /** The TOC headings' ids. */
  readonly headings: readonly string[];
  /** The number (`data-ref`) of each page reference marked, in the order of the marks. */
  readonly refs: readonly number[];
  /** The ids of the references' targets, each marked once where it is laid out. */
  readonly places: readonly string[];
  /** The id each page reference goes to, by its number. */
  readonly references: readonly string[];
}

/** What the plan reads of the book: its chapters, its headings and whether it has a cover. */
export interface PlannedBook {
  readonly chapters: readonly { readonly id: string; readonly title: string }[];
  readonly headings: readonly { readonly id: string }[];
  readonly cover?: unknown;
}

/** The parts' first prints in a row: the book's pages before any blank page is added. */
interface Laid {
  /** The first page of each part. */
  readonly offsets: readonly number[];
  readonly pageCount: number;
  /** The first page of each chapter. */
  readonly starts: readonly number[];
  /** Each TOC heading's place, by id. */
  readonly headings: ReadonlyMap<string, Place>;
  /** The page of each reference, and of each reference's target by id. */
  readonly refs: readonly number[];
  readonly places: ReadonlyMap<string, number>;
}

/**
 * Plans the second print from the parts' first prints (the chapters of each part in `parts`, the
 * ids of what was marked in `marked`): a blank page before each chapter
 * that would start on a left-hand page, the front matter in roman numerals and the body from 1,
 * no number on the cover and title pages, and each chapter's title at the head of its pages
 * after the first; each page reference shown with its target's folio where that is another page.
 * Throws when the prints do not match the book (a mark lost or added).
 */
export function planPages(
  prints: readonly FirstPrint[],
  parts: readonly (readonly number[])[],
  book: PlannedBook,
  marked: Marked,
): PagePlan {
  const laid = layOut(prints, parts, book, marked);
  const blanks = blankPages(laid.starts, book.chapters);
  const total = laid.pageCount + blanks.added;
  const pages = plannedPages(laid.starts, book, blanks, total);
  const tocNumbers: Record<string, string> = {};
  const tocPlaces: Record<string, Place> = {};
  for (const heading of book.headings) {
    const place = laid.headings.get(heading.id);
    if (!place) continue;
    const page = blanks.finalPage(place.page);
    tocNumbers[heading.id] = pages[page]?.folio ?? '';
    tocPlaces[heading.id] = { ...place, page };
  }
  const firstOf = (part: number): string | undefined => book.chapters[parts[part]?.[0] ?? -1]?.id;
  const planned = parts.map((chapters, part) => ({
    start: part === 0 ? 0 : blanks.finalPage(laid.offsets[part] ?? 0),
    end: part + 1 < parts.length ? blanks.finalPage(laid.offsets[part + 1] ?? 0) : total,
    blankBefore: chapters
      .map((index) => book.chapters[index]?.id ?? '')
      .filter((id) => blanks.before.has(id) && (part === 0 || id !== firstOf(part))),
    blankAtEnd: blanks.before.has(firstOf(part + 1) ?? ''),
  }));
  const refPage = new Map(marked.refs.map((ref, index) => [ref, laid.refs[index] ?? 0]));
  const references = referenceStates(
    marked.references.map((_, ref) => {
      const page = refPage.get(ref);
      return page === undefined ? undefined : blanks.finalPage(page);
    }),
    marked.references.map((id) => {
      const page = laid.places.get(id);
      return page === undefined ? undefined : blanks.finalPage(page);
    }),
    (page) => pages[page]?.folio ?? '',
  );
  return { tocNumbers, tocPlaces, pages, parts: planned, references };
}

/**
 * The plan of the last of `parts`, from the first prints of it and of the parts before it only
 * (`prints`, `marked`: theirs), as `planPages` plans it for the whole book: so that a part can be
 * printed for the last time before the parts after it are first printed. Nothing of a part's plan
 * depends on those parts but the blank page at its end, before the next part's first chapter,
 * and that depends only on where this part ends (`last`: no part follows).
 */
export function planPart(
  prints: readonly FirstPrint[],
  parts: readonly (readonly number[])[],
  book: PlannedBook,
  marked: Marked,
  last: boolean,
): { part: PlannedPart; pages: PlannedPage[] } {
  const chapters = book.chapters.slice(0, Math.max(-1, ...parts.flat()) + 1);
  const plan = planPages(prints, parts, { ...book, chapters }, marked);
  const own = plan.parts.at(-1);
  if (!own) throw new Error('a part is planned with no part');
  const total = plan.pages.length;
  // The next part's first chapter starts on the page after this part: a left-hand one when this
  // part has an odd number of pages so far.
  const blankAtEnd = !last && total % 2 === 1;
  return {
    part: { ...own, end: total + (blankAtEnd ? 1 : 0), blankAtEnd },
    pages: [...plan.pages.slice(own.start), ...(blankAtEnd ? [{ head: '', folio: '' }] : [])],
  };
}

/** Puts the parts' first prints in a row, and checks that their marks are the book's. */
function layOut(
  prints: readonly FirstPrint[],
  parts: readonly (readonly number[])[],
  book: PlannedBook,
  marked: Marked,
): Laid {
  const offsets: number[] = [];
  let pageCount = 0;
  for (const print of prints) {
    offsets.push(pageCount);
    pageCount += print.pageCount;
  }
  const starts = prints.flatMap((print, part) => print.chapterStarts.map((page) => page + (offsets[part] ?? 0)));
  const marks = prints.flatMap((print, part) =>
    print.marks.map((mark) => ({ ...mark, page: mark.page + (offsets[part] ?? 0) })),
  );
  const shifted = (pick: (print: FirstPrint) => readonly number[]): number[] =>
    prints.flatMap((print, part) => pick(print).map((page) => page + (offsets[part] ?? 0)));
  const refs = shifted((print) => print.refs);
  const places = shifted((print) => print.places);
  if (marks.length !== marked.headings.length)
    throw new Error(
      `the first print has ${marks.length} page marks where ${marked.headings.length} headings were marked`,
    );
  if (refs.length !== marked.refs.length || places.length !== marked.places.length)
    throw new Error(
      `the first print has ${refs.length} and ${places.length} marks where ${marked.refs.length} page ` +
        `references and ${marked.places.length} of their targets were marked`,
    );
  if (starts.length !== book.chapters.length)
    throw new Error(`the first print has ${starts.length} chapter marks for ${book.chapters.length} chapters`);
  parts.forEach((chapters, part) => {
    if (part > 0 && starts[chapters[0] ?? -1] !== offsets[part])
      throw new Error(`part ${part + 1} of the print does not start with its first chapter`);
  });
  const headings = new Map(marked.headings.map((id, index) => [id, marks[index] as Place]));
  const placed = new Map(marked.places.map((id, index) => [id, places[index] ?? 0]));
  return { offsets, pageCount, starts, headings, refs, places: placed };
}

/** The blank pages: before each chapter that would start on a left-hand (even) page. */
interface Blanks {
  /** The chapters with a blank page before them, by id. */
  readonly before: ReadonlySet<string>;
  readonly added: number;
  /** A first-print page's place (0-based) in the final PDF. */
  finalPage(page: number): number;
}

function blankPages(starts: readonly number[], chapters: PlannedBook['chapters']): Blanks {
  const before = new Set<string>();
  // The blank pages added up to and with each chapter.
  const shift: number[] = [];
  let added = 0;
  chapters.forEach((chapter, index) => {
    if (((starts[index] ?? 0) + added) % 2 === 1) {
      before.add(chapter.id);
      added++;
    }
    shift.push(added);
  });
  const finalPage = (page: number): number => {
    let shifted = 0;
    starts.forEach((start, index) => {
      if (page >= start) shifted = shift[index] ?? 0;
    });
    return page + shifted;
  };
  return { before, added, finalPage };
}

/**
 * Each page's folio and head: none on the cover and title pages, roman numerals in the front
 * matter, arabic from the first chapter on; a chapter's title heads its pages after its first,
 * and a blank page has neither.
 */
function plannedPages(
  starts: readonly number[],
  book: PlannedBook,
  blanks: Blanks,
  total: number,
): { head: string; folio: string }[] {
  const bodyStart = blanks.finalPage(starts[0] ?? 0);
  const frontUnnumbered = book.cover ? 2 : 1;
  const pages = Array.from({ length: total }, (_, page) => ({
    head: '',
    folio: page < frontUnnumbered ? '' : page < bodyStart ? roman(page + 1) : String(page - bodyStart + 1),
  }));
  book.chapters.forEach((chapter, index) => {
    const first = blanks.finalPage(starts[index] ?? 0);
    const next = book.chapters[index + 1];
    const end =
      next === undefined ? total : blanks.finalPage(starts[index + 1] ?? 0) - (blanks.before.has(next.id) ? 1 : 0);
    const blank = pages[first - 1];
    if (blanks.before.has(chapter.id) && blank) Object.assign(blank, { head: '', folio: '' });
    for (const page of pages.slice(first + 1, end)) page.head = chapter.title;
  });
  return pages;
}

/** The longest TOC page number of a plan, in characters: the room its slots need. */
export function longestNumber(plan: PagePlan): number {
  return Math.max(0, ...Object.values(plan.tocNumbers).map((n) => n.length));
}

/**
 * Whether the second print came out as planned: its `pageCount`, and every TOC heading on the
 * page its number names (`pageOf`: the page of each heading found in that print; one that is
 * not found is not checked, but some must be). Anything else means the layout moved between the
 * prints, and the numbers would lie; the message says where.
 */
export function checkPrint(pageCount: number, plan: PagePlan, pageOf: ReadonlyMap<string, number>): string | undefined {
  if (pageCount !== plan.pages.length)
    return `the second print has ${pageCount} pages where ${plan.pages.length} were planned`;
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

/** A page number in lower-case roman numerals, as front matter is numbered. */
export function roman(n: number): string {
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

/** How a reference is printed: shown or not, and its number. */
export interface ReferenceState {
  readonly shown: boolean;
  readonly text: string;
}

/**
 * What each reference should be, from where the first print put it and its target (0-based
 * pages of the final PDF; one not laid out has none) and the folio each page prints: shown,
 * with that folio, when both were found and its target is on another page.
 */
export function referenceStates(
  refPages: readonly (number | undefined)[],
  targetPages: readonly (number | undefined)[],
  folio: (page: number) => string,
): ReferenceState[] {
  return refPages.map((page, index) => {
    const target = targetPages[index];
    const text = target === undefined ? '' : folio(target);
    return { shown: page !== undefined && target !== undefined && target !== page && text !== '', text };
  });
}

/** Whether two lists of states print alike. */
export function sameStates(a: readonly ReferenceState[], b: readonly ReferenceState[]): boolean {
  return (
    a.length === b.length &&
    a.every((state, index) => {
      const other = b[index];
      return other !== undefined && other.shown === state.shown && (!state.shown || other.text === state.text);
    })
  );
}
