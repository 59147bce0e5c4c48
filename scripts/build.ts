import path from 'node:path';
import { buildBook } from './book/build-book.js';
import { readManuscript } from './book/read-manuscript.js';
import type { Book } from './book/types.js';
import { runRules } from './check/run-rules.js';
import { loadConfig } from './config/load-config.js';
import type { Log } from './log.js';
import { ExitCode, hasErrors, StopError } from './problems.js';
import { renderers, type Format, type RenderContext } from './render/renderer.js';
import { loadTemplates } from './render/templates.js';
import { transform } from './transform/transform.js';
import { checkOutputFolder, writeOutputs } from './write/write-outputs.js';

/** What `build` was asked for. */
export interface BuildOptions {
  readonly config: string;
  readonly out: string | undefined;
  readonly formats: readonly Format[];
}

/** How a build ended: the checked book (its files carry the messages) and each format's failure, if any. */
export interface BuildResult {
  readonly book: Book;
  readonly failed: readonly { format: Format; reason: string }[];
  readonly out: string;
}

/**
 * The build, stage by stage: config → manuscript → Book model → rules → output trees →
 * renderers (concurrently) → atomic writes. Manuscript errors stop it before anything is written
 * (StopError, exit 1); a format that fails to render leaves its last output as it was.
 */
export async function build(options: BuildOptions, log: Log): Promise<BuildResult> {
  const book = checkBook(options.config, log);
  const out = path.resolve(options.out ?? path.join(book.config.root, 'dist'));
  checkOutputFolder(out);
  if (hasErrors(bookFiles(book))) throw new StopError('the manuscript has errors: nothing was written', ExitCode.manuscript, bookFiles(book));

  const content = log.stage('transform', () => transform(book), (c) => `${c.length} chapters`);
  const context: RenderContext = { book, content, templates: loadTemplates(book.config.templates), signal: AbortSignal.timeout(30 * 60_000) };
  const failed: { format: Format; reason: string }[] = [];
  await Promise.all(
    options.formats.map(async (format) => {
      try {
        const renderer = await renderers[format]();
        const files = await log.stage(`render ${format}`, () => renderer.render(context), (f) => `${f.length} file${f.length === 1 ? '' : 's'}`);
        log.stage(`write ${format}`, () => writeOutputs(out, files), () => path.relative(process.cwd(), out) || '.');
      } catch (error) {
        failed.push({ format, reason: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  return { book, failed, out };
}

/** The stages that `check` and `build` share: config, manuscript, Book model, rules. */
export function checkBook(configPath: string, log: Log): Book {
  const config = log.stage('config', () => loadConfig(configPath), (c) => `"${c.title}", ${c.chapters.length} chapters`);
  const files = log.stage('read', () => readManuscript(config), (f) => `${f.length} files`);
  const book = log.stage('parse', () => buildBook(config, files), (b) => `${b.headings.length} headings, ${b.assets.length} images`);
  log.stage('check', () => runRules(book), () => `${bookFiles(book).reduce((n, f) => n + f.messages.length, 0)} messages`);
  return book;
}

/** Every file that messages can be about: book.yaml and the chapters. */
export function bookFiles(book: Book) {
  return [book.config.file, ...book.chapters.map((chapter) => chapter.file)];
}
