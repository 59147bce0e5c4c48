import path from 'node:path';
import { DiskParseCache } from './book/disk-cache.js';
import type { Book } from './book/types.js';
import { bookFiles, checkManuscript } from './check/check-book.js';
import { loadConfig } from './config/load-config.js';
import type { Log } from './log.js';
import { ExitCode, hasErrors, StopError } from './problems.js';
import { defaultFormats, formatEntry, loadRenderer, type Format } from './render/formats.js';
import type { RenderContext, Renderer, Session } from './render/renderer.js';
import { buildTime } from './book/identity.js';
import { loadTemplates } from './render/templates.js';
import { drawDiagramsOf } from './diagrams/diagram-stage.js';
import { transform } from './transform/transform.js';
import { checkOutputFolder, writeOutputs } from './write/write-outputs.js';

/** What `build` was asked for. */
export interface BuildOptions {
  readonly config: string;
  readonly out: string | undefined;
  /** The formats to make; by default book.yaml's `formats`, else the registry's default ones. */
  readonly formats: readonly Format[] | undefined;
}

/** How a build ended: the checked book (its files carry the messages) and each format's failure, if any. */
export interface BuildResult {
  readonly book: Book;
  /** Each format that failed: why, in one line, and the error itself (with its `cause`) for `BOOK_DEBUG`. */
  readonly failed: readonly { format: Format; reason: string; error: unknown }[];
  readonly out: string;
  /** The formats it made or tried to. */
  readonly formats: readonly Format[];
}

/**
 * The build, stage by stage: config → (renderers start: the PDF's browser launches meanwhile) →
 * manuscript → Book model → rules → output trees → renderers, concurrently → atomic writes.
 * Manuscript errors stop it before anything is written (StopError, exit 1); a format that fails
 * to render leaves its last output as it was. Whatever happens, every started session is closed.
 */
export async function build(options: BuildOptions, log: Log): Promise<BuildResult> {
  const config = log.stage(
    'config',
    () => loadConfig(options.config),
    (c) => `"${c.title}", ${c.chapters.length} chapters`,
  );
  const out = path.resolve(options.out ?? path.join(config.root, 'dist'));
  checkOutputFolder(out);
  const formats = options.formats ?? config.formats ?? defaultFormats;
  const loaded = await Promise.all(formats.map(async (format) => ({ format, renderer: await loadRenderer(format) })));
  const sessions = new Map(loaded.map(({ format, renderer }) => [format, renderer.start?.(config)]));
  try {
    const cache = new DiskParseCache(out);
    const book = await checkManuscript(config, log, cache);
    if (hasErrors(bookFiles(book)))
      throw new StopError('the manuscript has errors: nothing was written', ExitCode.manuscript, bookFiles(book));
    cache.save();
    for (const { renderer } of loaded) renderer.inspect?.(book);
    const content = await log.stage(
      'transform',
      () => transform(book),
      (c) => `${c.length} chapters`,
    );
    await drawDiagramsOf(book, content, out, sessions.get('pdf'), log);
    const templates = loadTemplates(
      config.templates,
      formats.flatMap((format) => formatEntry(format).templates),
    );
    const context: RenderContext = {
      book,
      content,
      templates,
      signal: AbortSignal.timeout(30 * 60_000),
      buildTime: once(() => buildTime(config)),
      note: (text) => log.note(text),
    };
    const failed: { format: Format; reason: string; error: unknown }[] = [];
    // A renderer with a session (the PDF's browser) starts first: its printing, in the browser's
    // process, then overlaps the others' work in this one.
    const order = [...loaded].sort(
      (a, b) => Number(sessions.get(b.format) !== undefined) - Number(sessions.get(a.format) !== undefined),
    );
    await Promise.all(
      order.map(async ({ format, renderer }) => {
        try {
          await renderAndWrite(format, renderer, context, sessions.get(format), out, log);
        } catch (error) {
          failed.push({ format, reason: error instanceof Error ? error.message : String(error), error });
        }
      }),
    );
    return { book, failed, out, formats };
  } finally {
    await Promise.all([...sessions.values()].map((session) => session?.close() ?? Promise.resolve()));
  }
}

async function renderAndWrite(
  format: Format,
  renderer: Renderer,
  context: RenderContext,
  session: Session | undefined,
  out: string,
  log: Log,
): Promise<void> {
  const files = await log.stage(
    `render ${format}`,
    () => renderer.render(context, session),
    (f) => `${f.length} file${f.length === 1 ? '' : 's'}`,
  );
  log.stage(
    `write ${format}`,
    () => writeOutputs(out, files),
    () => path.relative(process.cwd(), out) || '.',
  );
}

/** A function's result, made when first asked for and kept. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
