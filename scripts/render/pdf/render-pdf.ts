import { reportMissingFonts } from './font-coverage.js';
import { toHtml } from 'hast-util-to-html';
import type { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'puppeteer-core';
import type { BookConfig } from '../../config/load-config.js';
import type { RenderContext, Renderer, Session } from '../renderer.js';
import { PdfError } from './pdf-error.js';
import { firstLine, origin, servedPage, startBrowser, type ServedFile, type StartedBrowser } from './browser.js';
import { pageStyles } from './page-styles.js';
import { longestNumber, planPages, planPart, type FirstPrint, type Marked, type PagePlan } from './page-plan.js';
import type { PlannedPart } from './page-plan.js';
import { sameStates, type ReferenceState } from './page-plan.js';
import type { Book } from '../../book/types.js';
import { linkTargets, printParts, type LinkTargets } from './print-document.js';
import { PrintPage, type PartMarks, type PrintedPart } from './print-page.js';
import { loadHyphenator, type Hyphenator } from './hyphenate.js';
import { textHeight, textWidth } from '../page-setup.js';

/**
 * The PDF edition, printed twice by Chromium through Puppeteer: the first print tells where
 * every chapter and heading landed; the second, after the page is told (blank pages before
 * chapters that would start on the left, TOC page numbers in slots whose room was reserved,
 * running heads and page numbers), is the PDF, with tags and bookmarks. A long book is printed
 * as several documents of whole chapters (print-document.ts), in as many pages at once as the
 * machine has cores (print-page.ts), and their PDFs are joined. A part whose plan is known once
 * the parts before it are first printed is printed the second time at once, while its page still
 * shows it (`firstPass`).
 */
export const pdfRenderer: Renderer = {
  start(config) {
    return new BrowserSession(config);
  },
  inspect(book) {
    reportMissingFonts(book);
  },
  async render(context, session) {
    const own = session instanceof BrowserSession ? undefined : new BrowserSession(context.book.config);
    const browser = own ?? (session as BrowserSession);
    try {
      return [{ path: `${context.book.config.slug}.pdf`, data: await printBook(context, browser) }];
    } catch (error) {
      if (error instanceof PdfError) throw error;
      throw new PdfError(`printing the PDF failed: ${firstLine(error)}`, { cause: error });
    } finally {
      await own?.close();
    }
  },
};

/**
 * Prints the book in its two passes: the first makes the page plan, the second the PDF from it;
 * the browser closes while the parts are joined and finished.
 */
async function printBook(context: RenderContext, browser: BrowserSession): Promise<Uint8Array> {
  const { book } = context;
  // The page is asked for first: the browser makes it while the documents are written here.
  const opened = settled(browser.page());
  const targets = linkTargets(book);
  const documents = printDocuments(context, targets, hyphenatorOf(context));
  // pdf-lib is loaded meanwhile, not before the browser is started.
  const [{ page, files, open }, { readFirstPrint }, { finishPdf }, { loadPdf }] = await Promise.all([
    opened,
    import('./read-print.js'),
    import('./finish-pdf.js'),
    import('./load-pdf.js'),
  ]);
  context.signal.throwIfAborted();
  const serve = (url: string, html: string): void => {
    files.set(url, { type: 'text/html; charset=utf-8', body: Buffer.from(html) });
  };
  for (const part of documents) serve(part.url, part.html);
  for (const asset of book.assets) files.set(origin + asset.href, { type: asset.mediaType, body: asset.data });
  const references = documents.flatMap((part) => part.references);
  const { size, margin, notes } = book.config.pdf;
  const setting = {
    paragraphs: book.config.pdf['line-breaking'] === 'paragraph',
    ...(notes === 'page'
      ? { notes: { height: textHeight(size, margin), continued: book.config.labels.noteContinued } }
      : {}),
  };
  const print = new PrintPage(
    page,
    open,
    serve,
    documents,
    targets,
    printTimeout(documents),
    textWidth(size, margin),
    [...new Set(references)],
    setting,
  );
  const final: PrintFinal = (index, part, plan, style) =>
    print.finalPrint(index, part, plan, style).then(({ tocIds, pdf }) => ({ tocIds, pdf: settled(loadPdf(pdf)) }));
  const { plan, numberChars, early } = await firstPass(print, documents, book, context, {
    read: (pdf) => readFirstPrint(pdf, targets),
    references,
    final,
    eligible: earlyParts(documents, print.pages),
  });

  const { inOrder, atOnce } = await secondPass(print, book, { plan, numberChars, early, final });
  if (inOrder.length > 1)
    context.note?.(`the PDF printed ${atOnce} of its ${inOrder.length} parts the second time right after the first`);
  const pdfs: Promise<PDFDocument>[] = inOrder.map((second) => second.pdf);
  const tocIds = inOrder.flatMap((second) => second.tocIds);
  noteNotes(context, print);
  const closed = browser.close();
  const data = await finishPdf(await Promise.all(pdfs), book, plan, { target: targets.toc, ids: tocIds });
  await closed;
  return data;
}

/**
 * The second pass, for the parts not printed for the last time in the first (or printed so with
 * another plan than the book's): each page first prints the part it still shows, then the others
 * in order. Returns every part's last print, in order, and how many were the first pass's.
 */
async function secondPass(
  print: PrintPage,
  book: Book,
  first: { plan: PagePlan; numberChars: number; early: ReadonlyMap<number, EarlyFinal>; final: PrintFinal },
): Promise<{ inOrder: FinalPrint[]; atOnce: number }> {
  const { plan, numberChars, early, final } = first;
  const styles = plan.parts.map((part) => pageStyles(book.config, numberChars, plan.pages.slice(part.start, part.end)));
  const used = new Map<number, FinalPrint>();
  for (const [index, printed] of early) {
    const part = plan.parts[index]!;
    const same = printed.style === styles[index] && samePart(printed.part, part);
    if (same && sameStates(printed.references, plan.references)) used.set(index, printed.print);
  }
  const left = [...plan.parts.keys()].filter((index) => !used.has(index));
  const seconds = await print.eachPart(left, (index) => final(index, plan.parts[index]!, plan, styles[index]!));
  return { inOrder: plan.parts.map((_, index) => used.get(index) ?? seconds.get(index)!), atOnce: used.size };
}

/**
 * Says under `--verbose` how the notes were set at the foot of their pages, and whether any
 * could not be set on its call's page.
 */
function noteNotes(context: RenderContext, print: PrintPage): void {
  const { notes, pages, continued, misplaced } = print.notesSet();
  if (notes === 0) return;
  context.note?.(`the PDF sets ${notes} footnotes at the foot of ${pages} pages, ${continued} of them continued`);
  if (misplaced > 0)
    context.note?.(`${misplaced} pages' footnotes could not be set on their page: they follow on the next page`);
}

/** How many first prints the page references may take to settle before they are left out. */
const referenceRounds = 4;

/** A part's last print: the ids of its TOC entries' headings, in order, and its PDF, being read. */
interface FinalPrint {
  readonly tocIds: string[];
  readonly pdf: Promise<PDFDocument>;
}

/** What the first pass does with each part: reads its first print, and prints it for the last time. */
interface PrintSteps {
  readonly read: (pdf: Uint8Array) => Promise<FirstPrint>;
  /** The id each page reference goes to, by its number. */
  readonly references: readonly string[];
  readonly final: PrintFinal;
}

/** Prints a part for the last time, with its plan and page rules. */
type PrintFinal = (
  index: number,
  part: PlannedPart,
  plan: Pick<PagePlan, 'tocNumbers' | 'references'>,
  style: string,
) => Promise<FinalPrint>;

/** A part printed for the last time in the first pass, with what it was printed with. */
interface EarlyFinal {
  readonly print: FinalPrint;
  readonly style: string;
  readonly part: PlannedPart;
  readonly references: readonly ReferenceState[];
}

/**
 * The parts that the first pass may print for the last time, while their page shows them: all
 * but the one with the contents, whose numbers need every part first printed, and the last
 * ones, which the second pass prints (loaded again) on the other pages while one prints the
 * contents' part, so that no page stands idle meanwhile: about as long as that part, by their
 * HTML, for each other page.
 */
export function earlyParts(documents: readonly { html: string; hasToc: boolean }[], pages: number): Set<number> {
  const toc = documents.findIndex((part) => part.hasToc);
  const eligible = new Set(documents.keys());
  if (toc < 0) return eligible;
  eligible.delete(toc);
  let left = (pages - 1) * documents[toc]!.html.length;
  for (let index = documents.length - 1; index >= 0; index--) {
    const { length } = documents[index]!.html;
    if (index === toc) continue;
    // Left to the second pass while that leaves it nearer to the contents' length, not past it.
    if (left < length / 2) break;
    eligible.delete(index);
    left -= length;
  }
  return eligible;
}

/** Whether two parts' plans are the same. */
function samePart(a: PlannedPart, b: PlannedPart): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.blankAtEnd === b.blankAtEnd &&
    a.blankBefore.length === b.blankBefore.length &&
    a.blankBefore.every((id, index) => b.blankBefore[index] === id)
  );
}

/**
 * The first pass: every part printed, each print read (pdf-lib) while the browser prints the
 * next, and the plan made. Printed again while the plan asks for more room for the contents'
 * numbers (four digits at first), or for page references other than the print had (all shown,
 * with two digits, at first): the second print then lays out as the last first print did. Page
 * references that have not settled after `referenceRounds` prints are left out, with a note.
 * A part that `eligible` has is also printed for the last time in the first pass where it can be,
 * while its page still shows it (`early`): see `once`.
 */
async function firstPass(
  print: PrintPage,
  documents: readonly (PrintedPart & { chapters: readonly number[] })[],
  book: Book,
  context: RenderContext,
  options: PrintSteps & { readonly eligible: ReadonlySet<number> },
): Promise<{ plan: PagePlan; numberChars: number; early: ReadonlyMap<number, EarlyFinal> }> {
  let numberChars = 4;
  let states: readonly ReferenceState[] = options.references.map(() => ({ shown: true, text: '00' }));
  // The first round's page references are stand-ins ("00") when the book has any: its early
  // last prints would be thrown away.
  const none = new Set<number>();
  let round = await once(print, documents, book, {
    ...options,
    numberChars,
    states,
    eligible: states.length === 0 ? options.eligible : none,
  });
  for (let count = 1; longestNumber(round.plan) > numberChars || !sameStates(round.plan.references, states); count++) {
    numberChars = Math.max(numberChars, longestNumber(round.plan));
    if (count < referenceRounds) states = round.plan.references;
    else {
      if (states.some((state) => state.shown))
        context.note?.(`the PDF has no page references: they did not settle in ${referenceRounds} prints`);
      states = options.references.map(() => ({ shown: false, text: '' }));
    }
    round = await once(print, documents, book, { ...options, numberChars, states });
    if (count >= referenceRounds) round = { ...round, plan: { ...round.plan, references: states } };
  }
  return { plan: round.plan, numberChars, early: round.early };
}

/**
 * One round of first prints, and the plan from them. A part that `eligible` has is then printed
 * for the last time at once (`early`), while its page shows it, once the parts before it have been
 * first printed (it waits for those being printed; not when one is still to start): its plan
 * depends on nothing after it (`planPart`). That print is used when the book's plan turns out the
 * same for it.
 */
async function once(
  print: PrintPage,
  documents: readonly (PrintedPart & { chapters: readonly number[] })[],
  book: Book,
  options: PrintSteps & {
    readonly numberChars: number;
    readonly states: readonly ReferenceState[];
    /** The parts that may be printed for the last time in this round. */
    readonly eligible: ReadonlySet<number>;
  },
): Promise<{ plan: PagePlan; early: Map<number, EarlyFinal> }> {
  const { numberChars, states } = options;
  const chapters = documents.map((part) => part.chapters);
  const firsts = new Map<number, Promise<{ marked: PartMarks; print: FirstPrint }>>();
  const early = new Map<number, EarlyFinal>();
  // The parts not printed early go first: the one with the contents, which the early ones after
  // it wait for, and those left for the second pass.
  const { eligible } = options;
  const order = [...documents.keys()].sort((a, b) => Number(eligible.has(a)) - Number(eligible.has(b)));
  await print.eachPart(order, async (index) => {
    const printed = print.firstPrint(index, pageStyles(book.config, numberChars), states);
    // Each print is read while the browser prints the next.
    const first = settled(printed.then(async ({ marked, pdf }) => ({ marked, print: await options.read(pdf) })));
    firsts.set(index, first);
    await printed;
    // The part with the contents is printed for the last time after every other's first print.
    if (documents[index]!.hasToc && documents.length > 1) print.park(index);
    const before = [...documents.keys()].slice(0, index + 1);
    if (!eligible.has(index) || !before.every((part) => firsts.has(part))) return;
    const prints = await Promise.all(before.map((part) => firsts.get(part)!));
    const marked = markedOf(
      prints.map((first) => first.marked),
      options.references,
    );
    const planned = planPart(
      prints.map((first) => first.print),
      chapters.slice(0, index + 1),
      book,
      marked,
      index === documents.length - 1,
    );
    const style = pageStyles(book.config, numberChars, planned.pages);
    const final = await options.final(index, planned.part, { tocNumbers: {}, references: states }, style);
    early.set(index, { print: final, style, part: planned.part, references: states });
  });
  const inOrder = await Promise.all(documents.map((_, index) => firsts.get(index)!));
  const marked = markedOf(
    inOrder.map((first) => first.marked),
    options.references,
  );
  return {
    plan: planPages(
      inOrder.map((first) => first.print),
      chapters,
      book,
      marked,
    ),
    early,
  };
}

/** What the parts' first prints marked, in order, with the ids the page references go to. */
function markedOf(marks: readonly PartMarks[], references: readonly string[]): Marked {
  return {
    headings: marks.flatMap((marked) => marked.headings),
    refs: marks.flatMap((marked) => marked.refs),
    places: marks.flatMap((marked) => marked.places),
    references,
  };
}

/**
 * The hyphenator of the book's language, unless book.yaml turns hyphenation off; none, with a note, for a language
 * without patterns.
 */
function hyphenatorOf(context: RenderContext): Hyphenator | undefined {
  const { config } = context.book;
  if (!config.pdf.hyphenate) return undefined;
  const hyphenator = loadHyphenator(config.language);
  if (!hyphenator)
    context.note?.(`the PDF is not hyphenated: there are no hyphenation patterns for "${config.language}"`);
  return hyphenator;
}

/** The print's documents (print-document.ts) as HTML, each with the TOC headings it holds. */
function printDocuments(
  context: RenderContext,
  targets: LinkTargets,
  hyphenator: Hyphenator | undefined,
): (PrintedPart & { html: string; chapters: readonly number[]; references: readonly string[] })[] {
  const { book } = context;
  // The first print's page rules, for the room they leave for the contents' numbers; each print
  // sets its own.
  const references = book.config.pdf['page-references'];
  const { notes } = book.config.pdf;
  return printParts(context, pageStyles(book.config, 4), targets, { hyphenator, references, notes }).map(
    (part, index) => ({
      url: `${origin}${index === 0 ? 'book.html' : `book-${index + 1}.html`}`,
      chapters: part.chapters,
      hasToc: part.hasToc,
      references: part.references,
      html: toHtml(part.root),
      // Each part is told only its own headings, and only the part with the contents their numbers.
      listed: book.headings
        .filter((heading) => heading.depth <= book.config.toc.depth && part.chapters.includes(heading.chapter))
        .map((heading) => heading.id),
    }),
  );
}

/**
 * How long one print of a part may take. Printing time grows with the document (about 20 ms a
 * page here, a page being some 1.5 kB of HTML): 30 s, plus 40 s a megabyte of HTML.
 */
function printTimeout(parts: readonly { html: string }[]): number {
  return 30_000 + Math.ceil(Math.max(...parts.map((part) => part.html.length)) / 100_000) * 4_000;
}

/** A promise whose failure, if the build stops before it is awaited, is not reported as unhandled. */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * The one browser of a build, started as soon as the config is known, so that it is up by the
 * time the book is parsed; closed by whoever started it.
 */
class BrowserSession implements Session {
  readonly #browser: StartedBrowser | PdfError;

  constructor(config: BookConfig) {
    try {
      this.#browser = startBrowser(config);
      // Connecting loads Puppeteer meanwhile too; a failure is reported by render().
      this.#browser.connect().catch(() => undefined);
    } catch (error) {
      // Reported by render(), where a failure of the PDF belongs.
      this.#browser =
        error instanceof PdfError
          ? error
          : new PdfError(`the browser did not start: ${firstLine(error)}`, { cause: error });
    }
  }

  /**
   * The page that prints the book, served the files put into `files`, and a way to open more
   * pages served the same files.
   */
  async page(): Promise<{ page: Page; files: Map<string, ServedFile>; open: () => Promise<Page> }> {
    const browser = this.#browser;
    if (browser instanceof PdfError) throw browser;
    const files = new Map<string, ServedFile>();
    const open = async (): Promise<Page> => servedPage(await browser.connect(), files, true);
    return { page: await servedPage(await browser.connect(), files), files, open };
  }

  /** The browser, for other steps of the build (diagrams) to open pages of their own in. */
  async browser(): Promise<Browser> {
    if (this.#browser instanceof PdfError) throw this.#browser;
    return this.#browser.connect();
  }

  /** Closes the browser (once, however often it is called). */
  close(): Promise<void> {
    return this.#browser instanceof PdfError ? Promise.resolve() : this.#browser.close();
  }
}
