import type { Browser } from 'puppeteer-core';
import type { Book } from '../book/types.js';
import type { BookConfig } from '../config/load-config.js';
import type { ChapterContent } from '../transform/transform.js';
import type { Templates } from './templates.js';

/** A file a renderer makes, by its path inside the output folder. Renderers never write to disk. */
export interface OutputFile {
  readonly path: string;
  readonly data: string | Uint8Array;
}

/** Everything a renderer may read: the Book model and its output trees, never the manuscript. */
export interface RenderContext {
  readonly book: Book;
  readonly content: readonly ChapterContent[];
  readonly templates: Templates;
  readonly signal: AbortSignal;
  /**
   * The time the outputs say they were made (book/identity.ts: SOURCE_DATE_EPOCH, the last
   * commit, …), worked out once for every format, when first asked for.
   */
  buildTime(): Promise<Date>;
  /** Says what a format chose that the author may want to know, shown with `--verbose`. */
  note?(text: string): void;
}

/** Slow work a renderer started before the manuscript was read (the PDF's browser); always closed. */
export interface Session {
  close(): Promise<void>;
  /** The session's browser, when it has one that other steps of the build may use (to draw diagrams). */
  browser?(): Promise<Browser>;
}

/** One output format behind the one interface. */
export interface Renderer {
  /** Starts what needs only the config, so it overlaps with reading and parsing the book. */
  start?(config: BookConfig): Session;
  render(context: RenderContext, session?: Session): Promise<OutputFile[]>;
  /** Warnings about the book that only this format has (a script no font can print), as messages on its files. */
  inspect?(book: Book): void;
}

/**
 * What the tool knows of a format without loading its renderer: the registry (formats.ts) lists
 * one per folder of `scripts/render/`, and the command line, book.yaml, the templates and the
 * bundles are made from it. Its renderer is loaded only when the format is built.
 */
export interface FormatEntry {
  /** `--format` and book.yaml's `formats` name it so. */
  readonly name: string;
  /** What it makes, for `--help`. */
  readonly summary: string;
  /** Whether `build` makes it when neither `--format` nor book.yaml's `formats` says. */
  readonly byDefault: boolean;
  /** The files or folder it writes in the output folder (a folder ends in `/`), from the book's slug. */
  outputs(slug: string): string[];
  /**
   * The names of its own pages beside the chapters' (its pages are named after the chapters'
   * files): no chapter is given one of them (build-book.ts).
   */
  readonly pageNames?: readonly string[];
  /** The files of the templates folder it reads besides the shared ones (page.html, style.css, math.css). */
  readonly templates: readonly string[];
  /**
   * The image types (of those the book embeds: media-types.ts) that it can show; an image of
   * another type shows as its alt text, and the image-format rule says so. By default, all.
   */
  readonly embeds?: readonly string[];
  /** Packages it alone uses, bundled apart (compile.ts) and loaded only when it is built. */
  readonly libraries?: readonly string[];
  load(): Promise<Renderer>;
}
