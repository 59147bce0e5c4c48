import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import type { BookConfig } from '../../config/load-config.js';
import { findBrowser } from './find-browser.js';
import { PdfError } from './pdf-error.js';
import { PipeTransport } from './pipe-transport.js';

/** The origin the print page is served from, out of memory: no request reaches a network. */
export const origin = 'http://book.invalid/';
const launchTimeout = 30_000;

/** A browser on its way up: connect to it when it is needed; close it, and its profile goes too. */
export interface StartedBrowser {
  connect(): Promise<Browser>;
  close(): Promise<void>;
}

/**
 * Starts the one browser of a build: the first one `findBrowser` names. A browser that fails to
 * start or does not answer within the timeout is a PdfError; no other browser is tried.
 *
 * The browser is started here, not by Puppeteer's `launch()`, so that it starts at once, while the
 * book is parsed: `launch()` would have to load Puppeteer first, a third of a second of this
 * process's time. Here both happen at once, and Puppeteer connects over the pipe as its
 * `launch()` would. The profile is a fresh temporary folder, removed with the browser, and the
 * browser's other temporary files go inside it.
 */
export function startBrowser(config: BookConfig): StartedBrowser {
  const choice = findBrowser(config.pdf.browser, () => puppeteerChrome());
  if (typeof choice === 'string') throw new PdfError(choice);
  return new BrowserProcess(choice);
}

/** Signals that stop the browser, and then this process as they would have. */
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The browser's process, its profile, and Puppeteer's connection to it over the pipe. */
class BrowserProcess implements StartedBrowser {
  readonly #child: ChildProcess;
  readonly #profile: string;
  readonly #exited: Promise<string>;
  readonly #choice: { path: string; from: string };
  #stderr = '';
  #connected: Promise<Browser> | undefined;
  #closed: Promise<void> | undefined;
  #stopping = false;
  #signalled = false;

  constructor(choice: { path: string; from: string }) {
    this.#choice = choice;
    this.#profile = mkdtempSync(path.join(tmpdir(), 'book-browser-'));
    this.#child = spawn(choice.path, [...chromiumArgs(), `--user-data-dir=${this.#profile}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      // Its own temporary files (a socket folder beside the profile) go inside the profile, so
      // that removing the profile leaves nothing behind, even after a kill.
      env: { ...process.env, TMPDIR: this.#profile },
      // Its own process group, so that stopping it stops whatever it started too.
      detached: process.platform !== 'win32',
    });
    this.#child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4_000);
    });
    this.#exited = new Promise<string>((resolve) => {
      this.#child.once('error', (error) => resolve(firstLine(error)));
      this.#child.once('exit', (code, signal) => {
        const said = this.#stderr.trim() ? `: ${firstLine(this.#stderr.trim())}` : '';
        resolve(`it exited (${signal ?? `code ${code}`})${said}`);
      });
    });
    // Whatever ends this process, the browser and its profile go with it: in its own process
    // group, the browser does not get the Ctrl-C of the terminal, so a signal here stops it, then
    // this process ends as the signal would have ended it.
    process.once('exit', this.#leftovers);
    for (const signal of signals) process.on(signal, this.#onSignal);
  }

  connect(): Promise<Browser> {
    return (this.#connected ??= this.#connect());
  }

  close(): Promise<void> {
    return (this.#closed ??= this.#stop());
  }

  #failed(reason: string): PdfError {
    return new PdfError(`the browser ${this.#choice.path} (from ${this.#choice.from}) did not start: ${reason}`);
  }

  #kill(): void {
    try {
      if (process.platform !== 'win32' && this.#child.pid !== undefined) process.kill(-this.#child.pid, 'SIGKILL');
      else this.#child.kill('SIGKILL');
    } catch {
      // Gone already.
    }
  }

  readonly #leftovers = (): void => {
    this.#kill();
    rmSync(this.#profile, { recursive: true, force: true });
  };

  // The same stop as `close()`: the browser's helpers may write into the profile for a moment
  // after the kill, so the profile is removed once the browser is gone, not at the signal. A
  // second Ctrl-C while it goes changes nothing: the stop takes a few milliseconds.
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    if (this.#signalled) return;
    this.#signalled = true;
    void this.close().finally(() => process.kill(process.pid, signal));
  };

  async #stop(): Promise<void> {
    this.#stopping = true;
    // Asked to close, the browser would save its profile, which is thrown away: a kill is as good.
    this.#kill();
    // A kill of the process group ends it at once; the limit is for a browser stuck in the kernel.
    await Promise.race([this.#exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    // Its pipes, unread when it stopped before Puppeteer connected, would keep this process alive.
    for (const stream of this.#child.stdio) stream?.destroy();
    // The browser's helpers may still be writing for a moment after it is gone.
    for (let attempt = 0; attempt < 20 && existsSync(this.#profile); attempt++) {
      try {
        rmSync(this.#profile, { recursive: true, force: true });
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    process.off('exit', this.#leftovers);
    for (const signal of signals) process.off(signal, this.#onSignal);
  }

  async #connect(): Promise<Browser> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const { default: puppeteer } = await import('puppeteer-core');
      // Stopped (or dead) before Puppeteer had loaded: nothing to connect to.
      if (this.#stopping || this.#child.exitCode !== null || this.#child.signalCode !== null)
        throw this.#failed(await this.#exited);
      const [, , , toBrowser, fromBrowser] = this.#child.stdio;
      const transport = new PipeTransport(toBrowser as Writable, fromBrowser as Readable);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(this.#failed(`no answer within ${launchTimeout / 1000} s`)), launchTimeout);
      });
      return await Promise.race([
        // Each step passes its own timeout (printing scales with the book); Puppeteer's blanket
        // limit on one protocol call (3 minutes) would cut a long book's print short.
        puppeteer.connect({ transport, protocolTimeout: 60 * 60_000 }),
        this.#exited.then((reason) => Promise.reject(this.#failed(reason))),
        timeout,
      ]);
    } catch (error) {
      throw error instanceof PdfError ? error : this.#failed(firstLine(error));
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A file the print page is served, by URL under `origin`. */
export interface ServedFile {
  readonly type: string;
  readonly body: Uint8Array;
}

/** A page that is served the given files (looked up at each request) and can reach nothing else. */
export async function servedPage(
  browser: Browser,
  files: ReadonlyMap<string, ServedFile>,
  fresh = false,
): Promise<Page> {
  // The browser opened with one blank page: that one is used first, a new one takes a while to start.
  const [blank] = fresh ? [] : await browser.pages();
  const page = blank ?? (await browser.newPage());
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const file = files.get(request.url().split('#')[0]!);
    void (file
      ? request.respond({ status: 200, contentType: file.type, body: Buffer.from(file.body) })
      : request.abort('blockedbyclient'));
  });
  return page;
}

/**
 * The Chrome that Puppeteer downloaded, if it did. Only the `puppeteer` package knows where (its
 * config files), and loading it costs a cold build a quarter of a second, so it is asked only
 * when its cache folder exists: this project's .puppeteerrc.cjs skips the download.
 */
function puppeteerChrome(): string | undefined {
  const cache = process.env.PUPPETEER_CACHE_DIR ?? path.join(homedir(), '.cache', 'puppeteer');
  if (!existsSync(path.join(cache, 'chrome'))) return undefined;
  try {
    // Loaded the slow way on purpose: this is the rare case, and it must be synchronous.
    const require = createRequire(import.meta.url);
    return (require('puppeteer') as { executablePath(): string }).executablePath();
  } catch {
    return undefined;
  }
}

/**
 * Headless, driven over the pipe, and quiet: of the switches Puppeteer's `launch()` passes, those
 * a print needs (colour profile, no throttling of a page in the background, no first-run or
 * network chatter, tagged PDFs and outlines), and text laid out without hinting.
 */
export function chromiumArgs(): string[] {
  const args = [
    '--headless=new',
    '--remote-debugging-pipe',
    '--hide-scrollbars',
    '--mute-audio',
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-extensions',
    '--disable-default-apps',
    '--disable-breakpad',
    '--disable-crash-reporter',
    '--disable-dev-shm-usage',
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
    '--disable-renderer-backgrounding',
    '--disable-hang-monitor',
    '--disable-ipc-flooding-protection',
    '--disable-client-side-phishing-detection',
    '--metrics-recording-only',
    '--password-store=basic',
    '--use-mock-keychain',
    '--force-color-profile=srgb',
    '--export-tagged-pdf',
    '--generate-pdf-document-outline',
    '--disable-features=Translate,MediaRouter,OptimizationHints,AcceptCHFrame,' +
      'ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes',
    '--font-render-hinting=none',
  ];
  // Chromium's sandbox cannot run as root; there the only way to start it is without.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/** The first line of an error's message. */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}
