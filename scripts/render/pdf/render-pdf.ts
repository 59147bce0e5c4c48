import { reportMissingFonts } from './font-coverage.js';
import { toHtml } from 'hast-util-to-html';
import type { PDFDocument } from 'pdf-lib';
import type { Browser, Page, PDFOptions } from 'puppeteer-core';
import type { BookConfig } from '../../config/load-config.js';
import type { Renderer, Session } from '../renderer.js';
import { PdfError } from './pdf-error.js';
import { firstLine, origin, servedPage, startBrowser, type ServedFile, type StartedBrowser } from './browser.js';
import { pageStyles } from './page-styles.js';
import type { FirstPrint, PagePlan } from './paginate.js';
import { firstPrintStyleId, linkTargets, pageStyleId, printParts, type LinkTargets } from './print-document.js';

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
    const { book } = context;
    // Room for four-digit page numbers; a longer book's first print is printed again with more.
    let numberChars = 4;
    const own = session instanceof BrowserSession ? undefined : new BrowserSession(book.config);
    const browser = own ?? (session as BrowserSession);
    // The page is asked for first: the browser makes it while the documents are written here.
    const opened = browser.page();
    opened.catch(() => undefined);
    try {
      const targets = linkTargets(book);
      const parts = printParts(context, pageStyles(book.config, numberChars), targets).map((part) => ({
        chapters: part.chapters,
        hasToc: part.hasToc,
        html: toHtml(part.root),
      }));
      // Each part is told only its own headings, and only the part with the contents their numbers.
      const listed = parts.map((part) =>
        book.headings
          .filter((heading) => heading.depth <= book.config.toc.depth && part.chapters.includes(heading.chapter))
          .map((heading) => heading.id),
      );
      // Printing time grows with the document (about 20 ms a page here, a page being some 1.5 kB
      // of HTML): 30 s, plus 40 s a megabyte of HTML, for each print of a part.
      const timeout = 30_000 + Math.ceil(Math.max(...parts.map((part) => part.html.length)) / 100_000) * 4_000;
      const options: PDFOptions = { preferCSSPageSize: true, printBackground: true, timeout };
      // pdf-lib is loaded meanwhile, not before the browser is started.
      const [{ page, files }, { longestNumber, planPages, readFirstPrint }, { finishPdf }, { loadPdf }] =
        await Promise.all([opened, import('./paginate.js'), import('./finish-pdf.js'), import('./join-parts.js')]);
      context.signal.throwIfAborted();
      parts.forEach((part, index) =>
        files.set(`${origin}${partFile(index)}`, { type: 'text/html; charset=utf-8', body: Buffer.from(part.html) }),
      );
      for (const asset of book.assets) files.set(origin + asset.href, { type: asset.mediaType, body: asset.data });

      // The part the page shows, with its page marks; a part is loaded again only when another was shown since.
      let shown: { index: number; marked: string[] } | undefined;
      const show = async (index: number): Promise<string[]> => {
        if (shown?.index !== index) {
          await page.goto(`${origin}${partFile(index)}`, { waitUntil: 'load', timeout });
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          shown = { index, marked: await markPages(page, targets, listed[index]!) };
        }
        return shown.marked;
      };
      // A part's print is read (pdf-lib) while the browser prints the next.
      const firstPrints = async (): Promise<{ prints: FirstPrint[]; marked: string[] }> => {
        const prints: Promise<FirstPrint>[] = [];
        const marked: string[] = [];
        for (const index of parts.keys()) {
          marked.push(...(await show(index)));
          await setPageStyle(page, pageStyles(book.config, numberChars));
          prints.push(settled(readFirstPrint(await page.pdf({ ...options, tagged: false, outline: false }), targets)));
        }
        return { prints: await Promise.all(prints), marked };
      };
      const chapters = parts.map((part) => part.chapters);
      let first = await firstPrints();
      let plan = planPages(first.prints, chapters, book, first.marked);
      while (longestNumber(plan) > numberChars) {
        numberChars = longestNumber(plan);
        first = await firstPrints();
        plan = planPages(first.prints, chapters, book, first.marked);
      }
      const pdfs: Promise<PDFDocument>[] = [];
      const tocIds: string[] = [];
      // The last part printed first is still shown: it is printed first again.
      for (const index of [...parts.keys()].reverse()) {
        const part = plan.parts[index]!;
        await show(index);
        tocIds.unshift(
          ...(await applyPlan(
            page,
            part.blankBefore,
            part.blankAtEnd,
            parts[index]!.hasToc ? plan.tocNumbers : {},
            targets.toc,
          )),
        );
        await setPageStyle(page, pageStyles(book.config, numberChars, plan.pages.slice(part.start, part.end)));
        pdfs.unshift(settled(loadPdf(await page.pdf({ ...options, tagged: true, outline: true }))));
        shown = undefined;
      }
      // The browser has done its part: it shuts down while the PDF is finished here.
      const closed = browser.close();
      const data = await finishPdf(await Promise.all(pdfs), book, plan, { target: targets.toc, ids: tocIds });
      await closed;
      return [{ path: `${book.config.slug}.pdf`, data }];
    } catch (error) {
      if (error instanceof PdfError) throw error;
      throw new PdfError(`printing the PDF failed: ${firstLine(error)}`, { cause: error });
    } finally {
      await own?.close();
    }
  },
};

/** A promise whose failure, if the build stops before it is awaited, is not reported as unhandled. */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The name a part of the print is served under. */
const partFile = (index: number): string => (index === 0 ? 'book.html' : `book-${index + 1}.html`);

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

  /** The page that prints the book, served the files put into `files`. */
  async page(): Promise<{ page: Page; files: Map<string, ServedFile> }> {
    if (this.#browser instanceof PdfError) throw this.#browser;
    const files = new Map<string, ServedFile>();
    return { page: await servedPage(await this.#browser.connect(), files), files };
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

/**
 * Before the first print: page marks (empty 1px links, styled in print-document.ts), whose places
 * in the PDF tell pages: one at the start of every chapter, all linking to one target, and one
 * at the start of every heading of this part that the table of contents lists (`listed`, by id,
 * never the id of a stand-in: those are other parts' ids), all to another;
 * the TOC's own links are unlinked for this print. A link target each would do too, but Chromium
 * writes a named destination for each, and its print time grows with their number times the
 * pages (the 64× book's first print took 46 s with one per chapter). Returns the ids of the
 * headings marked in this part, in document order, the order of their marks in the PDF. The marks
 * stay for the second print, unlinked, so that both prints lay out alike.
 */
async function markPages(page: Page, targets: LinkTargets, listed: readonly string[]): Promise<string[]> {
  return page.evaluate(
    (targets, listed) => {
      const mark = (target: string, className: string): HTMLElement => {
        const a = document.createElement('a');
        a.className = className;
        a.href = `#${target}`;
        a.setAttribute('aria-hidden', 'true');
        return a;
      };
      // A chapter's mark goes into its first heading when the chapter starts with one, so that the
      // heading stays its section's first child (print.css may style it so).
      for (const chapter of document.querySelectorAll('section.chapter')) {
        const first = chapter.firstElementChild;
        (first && /^H[1-6]$/.test(first.tagName) ? first : chapter).prepend(
          mark(targets.chapter, 'page-mark chapter-mark'),
        );
      }
      for (const link of document.querySelectorAll('nav.toc .toc-page')) link.closest('a')?.removeAttribute('href');
      for (const id of listed) {
        const heading = document.getElementById(id);
        if (!heading || heading.querySelector(`:scope > .page-mark[href="#${targets.mark}"]`)) continue;
        heading.prepend(mark(targets.mark, 'page-mark'));
      }
      return [...document.querySelectorAll(`.page-mark[href="#${targets.mark}"]`)].map(
        (mark) => mark.parentElement!.id,
      );
    },
    targets,
    listed,
  );
}

/**
 * Tells the loaded part the plan: blank pages (before the chapters `blankBefore`, and at its end
 * when `blankAtEnd`), TOC numbers; drops the marks' links and shows the text. The TOC entries link
 * to one target (`finishPdf` points each at its heading); returns their headings' ids in order.
 */
async function applyPlan(
  page: Page,
  blankBefore: readonly string[],
  blankAtEnd: boolean,
  numbers: PagePlan['tocNumbers'],
  tocTarget: string,
): Promise<string[]> {
  return page.evaluate(
    (blankBefore, blankAtEnd, numbers, hiddenId, tocTarget) => {
      document.getElementById(hiddenId)?.remove();
      for (const mark of document.querySelectorAll('.page-mark')) mark.removeAttribute('href');
      const blank = (): HTMLElement => Object.assign(document.createElement('div'), { className: 'blank-page' });
      for (const id of blankBefore) document.getElementById(id)?.before(blank());
      if (blankAtEnd) [...document.querySelectorAll('section.chapter')].pop()?.after(blank());
      const ids: string[] = [];
      for (const slot of document.querySelectorAll<HTMLElement>('nav.toc .toc-page')) {
        slot.textContent = numbers[slot.dataset.for ?? ''] ?? '';
        slot.closest('a')?.setAttribute('href', `#${tocTarget}`);
        ids.push(slot.dataset.for ?? '');
      }
      return ids;
    },
    blankBefore,
    blankAtEnd,
    numbers,
    firstPrintStyleId,
    tocTarget,
  );
}

/** Replaces the page rules: the TOC's number column, then the running heads and page numbers. */
async function setPageStyle(page: Page, css: string): Promise<void> {
  await page.evaluate(
    (styleId, styles) => {
      const style = document.getElementById(styleId);
      if (style) style.textContent = styles;
    },
    pageStyleId,
    css,
  );
}
