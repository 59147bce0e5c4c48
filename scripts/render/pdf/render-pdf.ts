import { reportMissingFonts } from './font-coverage.js';
import { toHtml } from 'hast-util-to-html';
import type { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'puppeteer-core';
import type { BookConfig } from '../../config/load-config.js';
import type { RenderContext, Renderer, Session } from '../renderer.js';
import { PdfError } from './pdf-error.js';
import { firstLine, origin, servedPage, startBrowser, type ServedFile, type StartedBrowser } from './browser.js';
import { pageStyles } from './page-styles.js';
import { longestNumber, planPages, type FirstPrint, type PagePlan } from './page-plan.js';
import { sameStates, type ReferenceState } from './page-plan.js';
import type { Book } from '../../book/types.js';
import { linkTargets, printParts, type LinkTargets } from './print-document.js';
import { PrintPage, type PrintedPart } from './print-page.js';
import { loadHyphenator, type Hyphenator } from './hyphenate.js';
import { textHeight, textWidth } from '../page-setup.js';

/**
 * The PDF edition, printed twice by Chromium through Puppeteer: the first print tells where
 * every chapter and heading landed; the second, after the page is told (blank pages before
 * chapters that would start on the left, TOC page numbers in slots whose room was reserved,
 * running heads and page numbers), is the PDF, with tags and bookmarks. A long book is printed
 * as several documents of whole chapters (print-document.ts), one after the other in the one
 * page, and their PDFs are joined.
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
  for (const part of documents) files.set(part.url, { type: 'text/html; charset=utf-8', body: Buffer.from(part.html) });
  for (const asset of book.assets) files.set(origin + asset.href, { type: asset.mediaType, body: asset.data });
  const references = documents.flatMap((part) => part.references);
  const { size, margin, notes } = book.config.pdf;
  const setting = {
    paragraphs: book.config.pdf['line-breaking'] === 'paragraph',
    ...(notes === 'page'
      ? { notes: { height: textHeight(size, margin), continued: book.config.labels.noteContinued } }
      : {}),
  };
  const serve = (url: string, html: string): void => {
    files.set(url, { type: 'text/html; charset=utf-8', body: Buffer.from(html) });
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
  const { plan, numberChars } = await firstPass(print, documents, book, context, {
    read: (pdf) => readFirstPrint(pdf, targets),
    references,
  });

  // The second pass: each page first prints the part it still shows, then the others in order
  // (the first, which holds the contents, costs most).
  const seconds = await print.eachPart([...plan.parts.keys()], async (index) => {
    const part = plan.parts[index]!;
    const style = pageStyles(book.config, numberChars, plan.pages.slice(part.start, part.end));
    const second = await print.finalPrint(index, part, plan, style);
    return { tocIds: second.tocIds, pdf: settled(loadPdf(second.pdf)) };
  });
  const inOrder = plan.parts.map((_, index) => seconds.get(index)!);
  const pdfs: Promise<PDFDocument>[] = inOrder.map((second) => second.pdf);
  const tocIds = inOrder.flatMap((second) => second.tocIds);
  noteNotes(context, print);
  const closed = browser.close();
  const data = await finishPdf(await Promise.all(pdfs), book, plan, { target: targets.toc, ids: tocIds });
  await closed;
  return data;
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

/**
 * The first pass: every part printed, each print read (pdf-lib) while the browser prints the
 * next, and the plan made. Printed again while the plan asks for more room for the contents'
 * numbers (four digits at first), or for page references other than the print had (all shown,
 * with two digits, at first): the second print then lays out as the last first print did. Page
 * references that have not settled after `referenceRounds` prints are left out, with a note.
 */
async function firstPass(
  print: PrintPage,
  documents: readonly (PrintedPart & { chapters: readonly number[] })[],
  book: Book,
  context: RenderContext,
  { read, references }: { read: (pdf: Uint8Array) => Promise<FirstPrint>; references: readonly string[] },
): Promise<{ plan: PagePlan; numberChars: number }> {
  const chapters = documents.map((part) => part.chapters);
  const once = async (numberChars: number, states: readonly ReferenceState[]): Promise<PagePlan> => {
    // Each print is read while the browser prints the next.
    const firsts = await print.eachPart([...documents.keys()], async (index) => {
      const first = await print.firstPrint(index, pageStyles(book.config, numberChars), states);
      return { marked: first.marked, read: settled(read(first.pdf)) };
    });
    const inOrder = documents.map((_, index) => firsts.get(index)!);
    const headings = inOrder.flatMap((first) => first.marked.headings);
    const refs = inOrder.flatMap((first) => first.marked.refs);
    const places = inOrder.flatMap((first) => first.marked.places);
    const prints = await Promise.all(inOrder.map((first) => first.read));
    return planPages(prints, chapters, book, { headings, refs, places, references });
  };
  let numberChars = 4;
  let states: readonly ReferenceState[] = references.map(() => ({ shown: true, text: '00' }));
  let plan = await once(numberChars, states);
  for (let round = 1; longestNumber(plan) > numberChars || !sameStates(plan.references, states); round++) {
    numberChars = Math.max(numberChars, longestNumber(plan));
    if (round < referenceRounds) states = plan.references;
    else {
      if (states.some((state) => state.shown))
        context.note?.(`the PDF has no page references: they did not settle in ${referenceRounds} prints`);
      states = references.map(() => ({ shown: false, text: '' }));
    }
    plan = await once(numberChars, states);
    if (round >= referenceRounds) plan = { ...plan, references: states };
  }
  return { plan, numberChars };
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
