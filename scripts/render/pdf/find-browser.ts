import { existsSync } from 'node:fs';

/** Where a browser was found, and who named it (for messages). */
export interface BrowserChoice {
  readonly path: string;
  readonly from: string;
}

/** Where Chrome and Chromium are usually installed. */
const systemPaths: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** What to do when no browser is found, for the message. */
const browserHelp =
  'install Chromium (on Debian or Ubuntu, as root: apt-get install chromium), ' +
  'or set PUPPETEER_EXECUTABLE_PATH or pdf.browser in book.yaml to a Chrome ' +
  'or Chromium program';

/**
 * The browser for the PDF: the first of `PUPPETEER_EXECUTABLE_PATH`, book.yaml's `pdf.browser`,
 * Puppeteer's own downloaded Chrome, the usual system paths. One that is named but missing is an
 * error, not a reason to try the next: the user asked for it.
 */
export function findBrowser(
  configured: string | undefined,
  puppeteerChrome: () => string | undefined,
  candidates: readonly string[] = systemPaths,
): BrowserChoice | string {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv)
    return existsSync(fromEnv)
      ? { path: fromEnv, from: 'PUPPETEER_EXECUTABLE_PATH' }
      : `PUPPETEER_EXECUTABLE_PATH names "${fromEnv}", which does not exist; fix it or unset it`;
  if (configured)
    return existsSync(configured)
      ? { path: configured, from: 'pdf.browser' }
      : `book.yaml's pdf.browser names "${configured}", which does not exist; fix it or remove it`;
  const downloaded = puppeteerChrome();
  if (downloaded && existsSync(downloaded)) return { path: downloaded, from: "Puppeteer's Chrome" };
  const system = candidates.find((candidate) => existsSync(candidate));
  if (system) return { path: system, from: 'the system' };
  return `no Chrome or Chromium found for the PDF; ${browserHelp}`;
}
