import { createHash } from 'node:crypto';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { bookFiles, checkManuscript } from '../check/check-book.js';
import { ParseCache } from '../book/parse-cache.js';
import type { Book } from '../book/types.js';
import { sortedMessages } from '../check/reporters/messages.js';
import { formatMessage } from '../check/reporters/pretty.js';
import { loadConfig } from '../config/load-config.js';
import type { Log } from '../log.js';
import { ExitCode, hasErrors, StopError } from '../problems.js';
import { htmlRenderer } from '../render/html/render-html.js';
import { loadTemplates } from '../render/templates.js';
import { transform } from '../transform/transform.js';
import { checkOutputFolder, writeOutputs } from '../write/write-outputs.js';
import { clientScript } from './client-script.js';
import { resolveUrlPath, sendFile } from './serve-file.js';
import { FileWatcher } from './watch-files.js';

/** What `preview` was asked for. */
export interface PreviewOptions {
  readonly config: string;
  readonly port: number;
  readonly out: string | undefined;
}

/** A running preview: its address, and how to stop it. */
export interface Preview {
  readonly url: string;
  close(): Promise<void>;
}

const inject = '<script src="/__preview/client.js"></script>';

/**
 * The live preview: builds the HTML into the output folder, serves it on 127.0.0.1 (only files
 * under the HTML output), watches book.yaml and every file it uses, and on a save rebuilds —
 * unchanged chapters come from the parse cache — and reloads the pages whose file changed. A
 * build with errors keeps the last good pages served and shows the errors over them.
 */
export async function startPreview(options: PreviewOptions, log: Log): Promise<Preview> {
  const cache = new ParseCache();
  const clients = new Set<ServerResponse>();
  const hashes = new Map<string, string>();
  // The HTML output: also what is served before the first good build, if an earlier one left it.
  let root = path.join(path.resolve(options.out ?? path.join(path.dirname(path.resolve(options.config)), 'dist')), 'html');
  let build = 0;
  let savedAt = 0;
  let problems: string[] = [];
  const send = (event: string, data: unknown): void => {
    for (const client of clients) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const rebuild = async (changed: string[]): Promise<void> => {
    const started = performance.now();
    savedAt = Math.max(0, ...changed.map((file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0));
    try {
      const { book, out, files } = await buildHtml(options, log, cache);
      writeOutputs(out, files);
      root = path.join(out, 'html');
      watcher.update(watchedFiles(book), [book.config.templates]);
      const changedFiles = files.filter((file) => hashes.get(file.path) !== hash(file.data)).map((file) => file.path.replace(/^html\//, ''));
      for (const file of files) hashes.set(file.path, hash(file.data));
      build++;
      problems = [];
      // Every page shows these; the search index is read afresh on the next search anyway.
      const all = changedFiles.some((name) => ['style.css', 'site.js', 'toc.js'].includes(name) || name.startsWith('images/'));
      send('reload', { build, all, pages: changedFiles });
      log.line(`rebuilt in ${Math.round(performance.now() - started)} ms (${cache.misses} of ${book.chapters.length} chapters parsed): ${changedFiles.length} files changed`);
    } catch (error) {
      if (!(error instanceof StopError)) throw error;
      const messages = sortedMessages(error.files);
      for (const { file, message } of messages) log.line(formatMessage(file, message, false));
      log.line(error.message);
      // The overlay shows what stops the build; the warnings stay in the terminal.
      const errors = messages.filter(({ message }) => message.fatal === true);
      const warnings = messages.length - errors.length;
      problems = [...errors.map(({ file, message }) => formatMessage(file, message, false)), ...(warnings ? [`(and ${warnings} warning${warnings === 1 ? '' : 's'}: see the terminal)`] : [])];
      send('problems', problems);
    } finally {
      cache.endBuild();
    }
  };
  // One build at a time, in the order the saves came.
  let queue = Promise.resolve();
  const schedule = (files: string[]): Promise<void> => (queue = queue.catch(() => undefined).then(() => rebuild(files)));
  const watcher = new FileWatcher((files) => {
    schedule(files).catch((error: unknown) => log.line(`internal error: ${error instanceof Error ? error.message : String(error)} (this is a bug)`));
  });
  await schedule([]);

  const server = createServer((request, response) => void handle(request, response));
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/__preview/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(problems.length ? `event: problems\ndata: ${JSON.stringify(problems)}\n\n` : ': connected\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (url.pathname === '/__preview/client.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      response.end(clientScript);
      return;
    }
    if (url.pathname === '/__preview/shown') {
      const at = Number(url.searchParams.get('at'));
      if (savedAt > 0 && at > savedAt) log.line(`reloaded ${url.searchParams.get('page')}: ${Math.round(at - savedAt)} ms from the save to the page shown`);
      response.writeHead(204).end();
      return;
    }
    const file = await resolveUrlPath(root, url.pathname);
    if (!file) {
      // Before any good build there is nothing to show but the problems (the page reloads when they are fixed).
      const body = problems.length ? toHtml(h('html', [h('head', [h('title', 'Preview: errors')]), h('body', [h('pre', problems.join('\n'))])])) + inject : 'Not found\n';
      response.writeHead(problems.length ? 503 : 404, { 'content-type': `text/${problems.length ? 'html' : 'plain'}; charset=utf-8` }).end(body);
      return;
    }
    await sendFile(response, file, inject).catch(() => response.writeHead(404).end());
  };
  const url = await listen(server, options.port).catch((error: unknown) => {
    watcher.close();
    throw error;
  });
  return {
    url,
    async close() {
      watcher.close();
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

/** One build of the HTML: the same stages as `build`, with the parse cache. Errors stop it with nothing written. */
async function buildHtml(options: PreviewOptions, log: Log, cache: ParseCache) {
  const config = loadConfig(options.config);
  const out = path.resolve(options.out ?? path.join(config.root, 'dist'));
  checkOutputFolder(out);
  const book = await checkManuscript(config, log, cache);
  if (hasErrors(bookFiles(book))) throw new StopError('the manuscript has errors: the last good build is still served', ExitCode.manuscript, bookFiles(book));
  const context = { book, content: await transform(book), templates: loadTemplates(config.templates), signal: AbortSignal.timeout(60_000) };
  return { book, out, files: await htmlRenderer.render(context) };
}

function watchedFiles(book: Book): string[] {
  return [book.config.file.path, ...book.chapters.map((c) => c.file.path), ...book.assets.map((a) => a.source)];
}

function hash(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

/** Listens on 127.0.0.1 only; a busy port is a clear message and exit 2. */
function listen(server: Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new StopError(`port ${port} is in use: choose another with --port`, ExitCode.usage) : error);
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`);
    });
  });
}
