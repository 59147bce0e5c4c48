import { buildBook } from '../book/build-book.js';
import type { ChapterCache } from '../book/parse-cache.js';
import { readManuscript } from '../book/read-manuscript.js';
import type { Book } from '../book/types.js';
import { loadConfig, type BookConfig } from '../config/load-config.js';
import type { Log } from '../log.js';
import type { Severity } from '../problems.js';
import { runRules } from './run-rules.js';

// These stages live apart from build.ts so that `check` loads no renderer, template or writer.

/** The stages that `check` and `build` share after the config: manuscript, Book model, rules. */
export async function checkManuscript(
  config: BookConfig,
  log: Log,
  cache?: ChapterCache,
  only?: Severity,
): Promise<Book> {
  const files = log.stage(
    'read',
    () => readManuscript(config),
    (f) => `${f.length} files`,
  );
  const book = await log.stage(
    'parse',
    () => buildBook(config, files, cache),
    (b) =>
      `${b.headings.length} headings, ${b.assets.length} images${cache ? `, ${cache.misses} chapters parsed` : ''}`,
  );
  log.stage(
    'check',
    () => runRules(book, only),
    () => `${bookFiles(book).reduce((n, f) => n + f.messages.length, 0)} messages`,
  );
  return book;
}

/** Config and manuscript checked: what the `check` command runs. */
export async function checkBook(configPath: string, log: Log): Promise<Book> {
  const config = log.stage(
    'config',
    () => loadConfig(configPath),
    (c) => `"${c.title}", ${c.chapters.length} chapters`,
  );
  return checkManuscript(config, log);
}

/** Every file that messages can be about: book.yaml and the chapters. */
export function bookFiles(book: Book) {
  return [book.config.file, ...book.chapters.map((chapter) => chapter.file)];
}
