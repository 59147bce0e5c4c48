import type { Browser, HTTPRequest, Page } from 'puppeteer';
import type { BookConfig } from '../../config/load-config.js';
import { findBrowser } from './find-browser.js';

/** A failure of the PDF step: the message says what happened and what to do. */
export class PdfError extends Error {
  override name = 'PdfError';
}

/** The origin the print page is served from, out of memory: no request reaches a network. */
export const origin = 'http://book.invalid/';
const launchTimeout = 30_000;

/**
 * Starts the one browser of a build: the first one `findBrowser` names, with a timeout. A browser
 * that fails to start or hangs is a PdfError; no other browser is tried.
 */
export async function launchBrowser(config: BookConfig): Promise<Browser> {
  const { default: puppeteer } = await import('puppeteer');
  const choice = findBrowser(config.pdf.browser, () => {
    try {
      return puppeteer.executablePath();
    } catch {
      return undefined;
    }
  });
  if (typeof choice === 'string') throw new PdfError(choice);
  return puppeteer
    // Each step passes its own timeout (printing scales with the book); Puppeteer's blanket limit
    // on one protocol call (3 minutes) would cut a long book's print short.
    .launch({ executablePath: choice.path, headless: true, timeout: launchTimeout, protocolTimeout: 60 * 60_000, args: chromiumArgs() })
    .catch((error: unknown) => {
      throw new PdfError(`the browser ${choice.path} (from ${choice.from}) did not start: ${firstLine(error)}`);
    });
}

/** A page that is served the given files (by URL under `origin`) and can reach nothing else. */
export async function servedPage(browser: Browser, files: ReadonlyMap<string, { type: string; body: Uint8Array }>): Promise<Page> {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const file = files.get(request.url().split('#')[0]!);
    void (file ? request.respond({ status: 200, contentType: file.type, body: Buffer.from(file.body) }) : request.abort('blockedbyclient'));
  });
  return page;
}

function chromiumArgs(): string[] {
  const args = ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--font-render-hinting=none'];
  // Chromium's sandbox cannot run as root; there the only way to start it is without.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/** The first line of an error's message. */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}
