import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { Browser, HTTPRequest } from 'puppeteer';
import { bookPage } from '../book-page.js';
import type { RenderContext, Renderer } from '../renderer.js';
import { findBrowser } from './find-browser.js';
import { finishPdf } from './finish-pdf.js';

/** The origin the print page is served from, out of memory: no request reaches a network. */
const origin = 'http://book.invalid/';
const launchTimeout = 30_000;

/** A failure of the PDF step: the message says what happened and what to do. */
export class PdfError extends Error {
  override name = 'PdfError';
}

/**
 * The PDF edition: Chromium, driven by Puppeteer, prints the one-page book with the print style
 * sheet. Bookmarks come from Chromium's outline of the headings; page numbers from CSS margin boxes.
 */
export const pdfRenderer: Renderer = {
  format: 'pdf',
  async render(context) {
    const { config } = context.book;
    const html = toHtml(printPage(context));
    const files = new Map<string, { type: string; body: Buffer }>([[`${origin}book.html`, { type: 'text/html; charset=utf-8', body: Buffer.from(html) }]]);
    for (const asset of context.book.assets) files.set(origin + asset.href, { type: asset.mediaType, body: asset.data });
    // Printing time grows with the book: 30 s, plus 10 s a megabyte of HTML.
    const printTimeout = 30_000 + Math.ceil(html.length / 100_000) * 1_000;

    const { default: puppeteer } = await import('puppeteer');
    const choice = findBrowser(config.pdf.browser, () => safe(() => puppeteer.executablePath()));
    if (typeof choice === 'string') throw new PdfError(choice);
    let browser: Browser | undefined;
    try {
      browser = await puppeteer
        .launch({
          executablePath: choice.path,
          headless: true,
          timeout: launchTimeout,
          args: chromiumArgs(),
        })
        .catch((error: unknown) => {
          throw new PdfError(`the browser ${choice.path} (from ${choice.from}) did not start: ${firstLine(error)}`);
        });
      context.signal.throwIfAborted();
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', (request: HTTPRequest) => {
        const file = files.get(request.url().split('#')[0]!);
        void (file ? request.respond({ status: 200, contentType: file.type, body: file.body }) : request.abort('blockedbyclient'));
      });
      await page.goto(`${origin}book.html`, { waitUntil: 'load', timeout: printTimeout });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const pdf = await page.pdf({ outline: true, tagged: true, preferCSSPageSize: true, printBackground: true, timeout: printTimeout });
      return [{ path: `${config.slug}.pdf`, data: await finishPdf(pdf, context.book) }];
    } catch (error) {
      if (error instanceof PdfError) throw error;
      throw new PdfError(`printing with ${choice.path} failed: ${firstLine(error)}`);
    } finally {
      await browser?.close().catch(() => browser?.process()?.kill('SIGKILL'));
    }
  },
};

/** The page Chromium prints: the one-page book, the shared and print style sheets, the page size. */
function printPage(context: RenderContext) {
  const { config } = context.book;
  // Both values passed book.yaml's schema (lengths and page size names only), so they are safe in CSS.
  const page = `@page { size: ${config.pdf.size}; margin: ${config.pdf.margin}; }`;
  const css = `${context.templates.style}\n${context.templates.print}\n${page}`;
  return bookPage(context, { head: [h('style', css)], tocWithoutMarker: true });
}

function chromiumArgs(): string[] {
  const args = ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--font-render-hinting=none'];
  // Chromium's sandbox cannot run as root; there the only way to start it is without.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}
