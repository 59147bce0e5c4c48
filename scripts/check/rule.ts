import path from 'node:path';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { ContentRepair } from '../book/content-model.js';
import type { Book, Chapter } from '../book/types.js';
import type { Severity } from '../problems.js';
import { sourceLines } from './source-lines.js';

/** Reports one problem of a rule: where, and a sentence that says what is wrong and what to do. */
export type Emit = (file: VFile, place: Position | Point | undefined, reason: string) => void;

/** Reports one problem of a rule in the chapter it checks. */
export type ChapterEmit = (place: Position | Point | undefined, reason: string) => void;

/** An example for a rule's table-driven test: a book of one chapter or more, and the places the rule must report. */
export interface RuleExample {
  /** The first chapter's text, `chapter.md`. */
  readonly markdown: string | Uint8Array;
  /**
   * Each expected message as `line:column` in `chapter.md`, or `file:line:column` in another file; none for a good
   * example.
   */
  readonly expect: readonly string[];
  /** Extra files of the example book, by path relative to the chapter. */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  /** More chapters after `chapter.md`, in reading order; their text is in `files`. */
  readonly chapters?: readonly string[];
  /** More lines of the example's book.yaml. */
  readonly config?: string;
}

/** One check of the manuscript: an id, a default severity, a description, and its examples. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  readonly description: string;
  readonly examples: readonly RuleExample[];
  /**
   * True for a rule whose problem keeps a chapter from being parsed (not text, nested too deep):
   * on such a chapter only this rule reports.
   */
  readonly blocking?: boolean;
  /** A check of the whole book (links, headings across chapters); a rule has this or `checkChapter`. */
  check?(book: Book, emit: Emit): void;
  /**
   * A check of one chapter at a time that reads only what the chapter's own text makes: its
   * text, trees, headings' text and depth, and repairs; not its book-wide ids, title or
   * references. What it says is kept with the chapter's trees (run-rules.ts), so a chapter that
   * the parse cache keeps (the preview's unchanged ones) is not checked again.
   */
  checkChapter?(chapter: Chapter, emit: ChapterEmit): void;
}

/**
 * `path:line:column` of a place in a chapter, with the path relative to the book's folder, for messages that name
 * another place.
 */
export function placeName(book: Book, file: VFile, place: Position | Point | undefined): string {
  const point = place && 'start' in place ? place.start : place;
  const name = path.relative(book.config.root, file.path).split(path.sep).join('/');
  return `${name}:${point?.line ?? 1}:${point?.column ?? 1}`;
}

/**
 * The whole of one line of a chapter as a range (at least one column), for problems about a line rather than a node.
 */
export function lineRange(file: VFile, line: number): Position {
  const length = sourceLines(file)[line - 1]?.length ?? 0;
  return { start: { line, column: 1 }, end: { line, column: Math.max(length, 1) + 1 } };
}

export { shown } from '../problems.js';

/** A rule's check that reports what the parse repaired or changed for it: the chapters' repairs with its id. */
export function reportRepairs(id: NonNullable<ContentRepair['rule']>): Rule['check'] {
  return (book, emit) => {
    for (const chapter of book.chapters) {
      for (const repair of chapter.repairs) if (repair.rule === id) emit(chapter.file, repair.position, repair.message);
    }
  };
}
