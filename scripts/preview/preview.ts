import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { bookFiles, checkManuscript } from '../check/check-book.js';
import { runRules } from '../check/run-rules.js';
import { ParseCache } from '../book/parse-cache.js';
import type { Book } from '../book/types.js';
import { sortedMessages } from '../check/reporters/messages.js';
import { formatMessage } from '../check/reporters/pretty.js';
import { loadConfig } from '../config/load-config.js';
import type { Log } from '../log.js';
import { ExitCode, hasErrors, StopError } from '../problems.js';
import { sitePages, wholeBookFiles, wholeBookPaths } from '../render/html/render-html.js';
import { htmlFormat } from '../render/html/format.js';
import { loadTemplates } from '../render/templates.js';
import { drawDiagramsOf } from '../diagrams/diagram-stage.js';
import { transform } from '../transform/transform.js';
import { checkOutputFolder } from '../write/write-outputs.js';
import { clientScript } from './client-script.js';
import { resolveUrlPath, sendFile } from './serve-file.js';
import { SiteWriter } from './site-writer.js';
import { FileWatcher } from './watch-files.js';

/** What `preview` was asked for. */
export interface PreviewOptions {
  readonly config: string;
  readonly port: number;
  /** Whether the user chose the port: a busy one is then an error; else the next free one is taken. */
  readonly portChosen: boolean;
  /** The interface to serve on: 127.0.0.1 unless asked. */
  readonly host: string;
  readonly out: string | undefined;
}

/** A running preview: its address, its first build, and how to stop it. */
export interface Preview {
  readonly url: string;
  /** Settles when the first build is done (or, with errors, shown). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const inject = '<script src="/__preview/client.js"></script>';

/**
 * The live preview: takes its port first, then builds the HTML into the output folder, serves it
 * (only files under the HTML output), watches book.yaml and every file it uses, and on a save
 * rebuilds what the save changed — unchanged chapters come from the parse cache, and their
 * checks, output trees and pages from the last build (kept.ts) — writes the files that differ,
 * and reloads the pages whose file changed. `book.html` and the search index, which hold every
 * chapter's text, are written when asked for, when a browser shows `book.html`, or 300 ms after
 * the build. A build with errors keeps the last good pages served and shows the errors over them.
 * Once closed, no build starts and none under way writes anything.
 */
export async function startPreview(options: PreviewOptions, log: Log): Promise<Preview> {
  const preview = new PreviewServer(options, log);
  // The port first: a busy one is said before anything is built or written.
  const url = await listen(preview.server, options, log);
  return { url, ready: preview.schedule([]), close: () => preview.close() };
}

/** The preview's server, its builds one at a time, and what it has shown. */
class PreviewServer {
  readonly server: Server;
  readonly #cache = new ParseCache();
  readonly #clients = new Set<ServerResponse>();
  readonly #site = new SiteWriter();
  /** The pages that open browsers show, by their event stream. */
  readonly #viewing = new Map<ServerResponse, string>();
  readonly #watcher: FileWatcher;
  /** The HTML output: also what is served before the first good build, if an earlier one left it. */
  #root: string;
  #build = 0;
  #savedAt = 0;
  #problems: string[] = [];
  #closed = false;
  /** When the last build ended, and the timer that writes the whole book's files after it. */
  #builtAt = 0;
  #idle: NodeJS.Timeout | undefined;
  /** One build at a time, in the order the saves came. */
  #queue = Promise.resolve();

  constructor(
    private readonly options: PreviewOptions,
    private readonly log: Log,
  ) {
    this.#root = path.join(
      path.resolve(options.out ?? path.join(path.dirname(path.resolve(options.config)), 'dist')),
      'html',
    );
    this.#watcher = new FileWatcher((files) => void this.schedule(files).catch(this.#internalError));
    this.server = createServer((request, response) => void this.#handle(request, response));
  }

  /** Builds again once the builds asked for before are done (none once closed). */
  schedule(files: string[]): Promise<void> {
    return (this.#queue = this.#queue
      .catch(() => undefined)
      .then(() => (this.#closed ? undefined : this.#rebuild(files))));
  }

  /** Stops: no build starts, none under way writes, and every connection ends. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idle);
    this.#watcher.close();
    for (const client of this.#clients) client.end();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await done;
  }

  /** Sends an event to every open page. */
  #send(event: string, data: unknown): void {
    for (const client of this.#clients) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Reports an error that should not happen. */
  readonly #internalError = (error: unknown): void =>
    this.log.line(`internal error: ${error instanceof Error ? error.message : String(error)} (this is a bug)`);

  /** Builds again after a save, writes the files that differ, and reloads the pages that show them. */
  async #rebuild(changed: string[]): Promise<void> {
    const started = performance.now();
    this.#savedAt = Math.max(0, ...changed.map((file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0));
    try {
      const { book, out, pages, whole } = await buildHtml(this.options, this.log, this.#cache);
      if (this.#closed) return;
      clearTimeout(this.#idle);
      const changedFiles = this.#site.write(out, pages, whole);
      // The whole book's files hold every chapter's text: written at once only where a browser
      // shows them, else when asked for or idle.
      if ([...this.#viewing.values()].includes('book.html')) changedFiles.push(...this.#site.writeWholeBook());
      else if (this.#site.pending)
        this.#idle = setTimeout(() => void this.#settle(true).catch(this.#internalError), wholeBookDelay);
      this.#root = path.join(out, 'html');
      this.#watcher.update(watchedFiles(book), [book.config.templates]);
      this.#build++;
      this.#builtAt = performance.now();
      this.#problems = [];
      // Every page shows these; the search index is read afresh on the next search anyway.
      const all = changedFiles.some(
        (name) => ['style.css', 'site.js', 'toc.js'].includes(name) || name.startsWith('images/'),
      );
      this.#send('reload', { build: this.#build, all, pages: changedFiles });
      const parsed = `${this.#cache.misses} of ${book.chapters.length} chapters parsed`;
      this.log.line(
        `rebuilt in ${Math.round(performance.now() - started)} ms (${parsed}): ${changedFiles.length} files changed`,
      );
    } catch (error) {
      if (this.#closed) return;
      if (!(error instanceof StopError)) throw error;
      this.#showProblems(error);
    } finally {
      this.#cache.endBuild();
    }
  }

  /** What stops a build, in the terminal and over the pages (the warnings only in the terminal). */
  #showProblems(error: StopError): void {
    const messages = sortedMessages(error.files);
    for (const { file, message } of messages) this.log.line(formatMessage(file, message, false));
    this.log.line(error.message);
    const errors = messages.filter(({ message }) => message.fatal === true);
    const warnings = messages.length - errors.length;
    this.#problems = [
      ...errors.map(({ file, message }) => formatMessage(file, message, false)),
      ...(warnings ? [`(and ${warnings} warning${warnings === 1 ? '' : 's'}: see the terminal)`] : []),
    ];
    this.#send('problems', this.#problems);
  }

  /**
   * Once the builds asked for are done, the whole book's files are written too: at once when
   * asked for, else (`whenIdle`) only once no build has ended for `wholeBookDelay`, so that the
   * writing never holds up the page of the next save.
   */
  #settle(whenIdle = false): Promise<void> {
    return (this.#queue = this.#queue
      .catch(() => undefined)
      .then(() => {
        const wait = this.#builtAt + wholeBookDelay - performance.now();
        if (this.#closed || !this.#site.pending) return;
        if (whenIdle && wait > 0)
          this.#idle = setTimeout(() => void this.#settle(true).catch(this.#internalError), wait);
        // No page shows these files (one that shows book.html has it written at once): no reload.
        else this.#site.writeWholeBook();
      }));
  }

  /** Answers a request: the preview's own paths, else a file of the HTML output. */
  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/__preview/events') return this.#events(request, response, url);
    if (url.pathname === '/__preview/client.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      response.end(clientScript);
      return;
    }
    if (url.pathname === '/__preview/shown') {
      const at = Number(url.searchParams.get('at'));
      if (this.#savedAt > 0 && at > this.#savedAt)
        this.log.line(
          `reloaded ${url.searchParams.get('page')}: ${Math.round(at - this.#savedAt)} ` +
            `ms from the save to the page shown`,
        );
      response.writeHead(204).end();
      return;
    }
    if (this.#site.pending && wholeBookPaths.some((name) => url.pathname === `/${name.replace(/^html\//, '')}`))
      await this.#settle().catch(this.#internalError);
    const file = await resolveUrlPath(this.#root, url.pathname);
    if (file) await sendFile(response, file, inject).catch(() => response.writeHead(404).end());
    else this.#notFound(response);
  }

  /** The event stream of a page: reloads and problems, and which page it shows (`?page=`). */
  #events(request: IncomingMessage, response: ServerResponse, url: URL): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    const problems = this.#problems;
    response.write(problems.length ? `event: problems\ndata: ${JSON.stringify(problems)}\n\n` : ': connected\n\n');
    this.#clients.add(response);
    this.#viewing.set(response, url.searchParams.get('page') ?? '');
    request.on('close', () => {
      this.#clients.delete(response);
      this.#viewing.delete(response);
    });
  }

  /** Before any good build there is nothing to show but the problems (the page reloads when they are fixed). */
  #notFound(response: ServerResponse): void {
    const problems = this.#problems;
    const body = problems.length
      ? toHtml(h('html', [h('head', [h('title', 'Preview: errors')]), h('body', [h('pre', problems.join('\n'))])])) +
        inject
      : 'Not found\n';
    response
      .writeHead(problems.length ? 503 : 404, {
        'content-type': `text/${problems.length ? 'html' : 'plain'}; charset=utf-8`,
      })
      .end(body);
  }
}

/** One build of the HTML: the same stages as `build`, with the parse cache. Errors stop it with nothing written. */
async function buildHtml(options: PreviewOptions, log: Log, cache: ParseCache) {
  const config = loadConfig(options.config);
  const out = path.resolve(options.out ?? path.join(config.root, 'dist'));
  checkOutputFolder(out);
  // Warnings are shown only beside errors: they are looked for when there are errors.
  const book = await checkManuscript(config, log, cache, 'error');
  if (hasErrors(bookFiles(book))) {
    runRules(book, 'warning');
    throw new StopError(
      'the manuscript has errors: the last good build is still served',
      ExitCode.manuscript,
      bookFiles(book),
    );
  }
  const content = await transform(book);
  await drawDiagramsOf(book, content, out, undefined, log);
  const context = {
    book,
    content,
    templates: loadTemplates(config.templates, htmlFormat.templates),
    signal: AbortSignal.timeout(60_000),
    // The site says no time: none is worked out.
    buildTime: () => Promise.reject(new Error('the preview makes only the HTML, which has no build time')),
  };
  return { book, out, pages: await sitePages(context), whole: () => wholeBookFiles(context) };
}

function watchedFiles(book: Book): string[] {
  return [book.config.file.path, ...book.chapters.map((c) => c.file.path), ...book.assets.map((a) => a.source)];
}

/** How long after a build the whole book's files are written when nobody asked for them (ms). */
const wholeBookDelay = 300;

/** How many ports after the default one are tried when it is busy. */
const portsToTry = 20;

/**
 * Listens on the host (127.0.0.1 unless asked). A busy port that the user chose is a clear
 * message and exit 2; the default one moves to the next free port, and says so.
 */
async function listen(server: Server, options: PreviewOptions, log: Log): Promise<string> {
  const tries = options.portChosen || options.port === 0 ? 1 : portsToTry;
  for (let port = options.port; ; port++) {
    try {
      const bound = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, options.host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
      if (bound !== options.port && options.port !== 0) log.line(`port ${options.port} is in use: serving on ${bound}`);
      return address(options.host, bound, log);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && port < options.port + tries - 1) continue;
      if (code === 'EADDRINUSE') {
        const which = tries === 1 ? `port ${port} is in use` : `ports ${options.port}–${port} are in use`;
        throw new StopError(`${which}: choose another with --port`, ExitCode.usage);
      }
      if (code === 'EACCES')
        throw new StopError(
          `port ${port} is reserved for the system: choose one above 1023 with --port`,
          ExitCode.usage,
        );
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
        throw new StopError(`--host ${options.host} is not an address of this machine`, ExitCode.usage);
      throw error;
    }
  }
}

/**
 * The page's address on this machine. Served beyond it (`--host`), the preview says so once,
 * with the addresses the network reaches it at.
 */
function address(host: string, port: number, log: Log): string {
  const url = (name: string): string => `http://${name.includes(':') ? `[${name}]` : name}:${port}/`;
  if (['127.0.0.1', 'localhost', '::1'].includes(host)) return url(host);
  const everywhere = host === '0.0.0.0' || host === '::';
  const network = everywhere
    ? Object.values(networkInterfaces())
        .flat()
        .flatMap((entry) => (entry && entry.family === 'IPv4' && !entry.internal ? [url(entry.address)] : []))
    : [url(host)];
  log.line(
    `serving beyond this machine (--host ${host}${network.length ? `: ${network.join(', ')}` : ''}): ` +
      `anyone on the network can read the book`,
  );
  return everywhere ? url('127.0.0.1') : url(host);
}
