import { toHtml } from 'hast-util-to-html';
import type { Browser, Page, PDFOptions } from 'puppeteer';
import type { BookConfig } from '../../config/load-config.js';
import type { Renderer, Session } from '../renderer.js';
import { firstLine, launchBrowser, origin, PdfError, servedPage } from './browser.js';
import { finishPdf } from './finish-pdf.js';
import { pageStyles } from './page-styles.js';
import { longestNumber, planPages, type PagePlan } from './paginate.js';
import { pageStyleId, printDocument } from './print-document.js';

/**
 * The PDF edition, printed twice by Chromium through Puppeteer: the first print tells where
 * every chapter and heading landed; the second, after the page is told (blank pages before
 * chapters that would start on the left, TOC page numbers in slots whose room was reserved,
 * running heads and page numbers), is the PDF, with tags and bookmarks.
 */
export const pdfRenderer: Renderer = {
  format: 'pdf',
  start(config) {
    return new BrowserSession(config);
  },
  async render(context, session) {
    const { book } = context;
    // Room for four-digit page numbers; a longer book's first print is printed again with more.
    let numberChars = 4;
    const html = toHtml(printDocument(context, pageStyles(book.config, numberChars)));
    const files = new Map<string, { type: string; body: Uint8Array }>([[`${origin}book.html`, { type: 'text/html; charset=utf-8', body: Buffer.from(html) }]]);
    for (const asset of book.assets) files.set(origin + asset.href, { type: asset.mediaType, body: asset.data });
    // Printing time grows with the book (about 20 ms a page here, a page being some 1.5 kB of
    // HTML): 30 s, plus 40 s a megabyte of HTML, for each of the two prints.
    const timeout = 30_000 + Math.ceil(html.length / 100_000) * 4_000;
    const options: PDFOptions = { preferCSSPageSize: true, printBackground: true, timeout };

    const own = session instanceof BrowserSession ? undefined : new BrowserSession(book.config);
    try {
      const browser = await (own ?? (session as BrowserSession)).browser;
      context.signal.throwIfAborted();
      const page = await servedPage(browser, files);
      await page.goto(`${origin}book.html`, { waitUntil: 'load', timeout });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      let plan = await planPages(await page.pdf({ ...options, tagged: false, outline: false }), book);
      while (longestNumber(plan) > numberChars) {
        numberChars = longestNumber(plan);
        await setPageStyle(page, pageStyles(book.config, numberChars));
        plan = await planPages(await page.pdf({ ...options, tagged: false, outline: false }), book);
      }
      await applyPlan(page, plan, pageStyles(book.config, numberChars, plan));
      const pdf = await page.pdf({ ...options, tagged: true, outline: true });
      return [{ path: `${book.config.slug}.pdf`, data: await finishPdf(pdf, book, plan) }];
    } catch (error) {
      if (error instanceof PdfError) throw error;
      throw new PdfError(`printing the PDF failed: ${firstLine(error)}`);
    } finally {
      await own?.close();
    }
  },
};

/** The one browser of a build, launched as soon as the config is known; closed by whoever started it. */
class BrowserSession implements Session {
  readonly browser: Promise<Browser>;

  constructor(config: BookConfig) {
    this.browser = launchBrowser(config);
    // A launch failure is reported by render(); here it must not be an unhandled rejection.
    this.browser.catch(() => undefined);
  }

  async close(): Promise<void> {
    const browser = await this.browser.catch(() => undefined);
    await browser?.close().catch(() => browser.process()?.kill('SIGKILL'));
  }
}

/** Tells the loaded page the plan: blank pages, TOC numbers, the page rules; drops the first print's anchors. */
async function applyPlan(page: Page, plan: PagePlan, css: string): Promise<void> {
  await page.evaluate(
    (blankBefore, numbers, styleId, styles) => {
      document.querySelector('.page-anchors')?.remove();
      for (const id of blankBefore) {
        const blank = document.createElement('div');
        blank.className = 'blank-page';
        document.getElementById(id)?.before(blank);
      }
      for (const slot of document.querySelectorAll<HTMLElement>('.toc-page')) slot.textContent = numbers[slot.dataset.for ?? ''] ?? '';
      const style = document.getElementById(styleId);
      if (style) style.textContent = styles;
    },
    plan.blankBefore,
    plan.tocNumbers,
    pageStyleId,
    css,
  );
}

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
