import type { Browser } from 'puppeteer-core';
import type { Book } from '../book/types.js';
import type { BookConfig } from '../config/load-config.js';
import type { ChapterContent } from '../transform/transform.js';
import type { Templates } from './templates.js';

/** The output formats, in the order they are listed and built. */
export const formats = ['html', 'epub', 'pdf'] as const;
export type Format = (typeof formats)[number];

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
}

/** Slow work a renderer started before the manuscript was read (the PDF's browser); always closed. */
export interface Session {
  close(): Promise<void>;
  /** The session's browser, when it has one that other steps of the build may use (to draw diagrams). */
  browser?(): Promise<Browser>;
}

/** One output format behind the one interface. */
export interface Renderer {
  readonly format: Format;
  /** Starts what needs only the config, so it overlaps with reading and parsing the book. */
  start?(config: BookConfig): Session;
  render(context: RenderContext, session?: Session): Promise<OutputFile[]>;
  /** Warnings about the book that only this format has (a script no font can print), as messages on its files. */
  inspect?(book: Book): void;
}

/** The registry: each renderer is loaded only when its format is asked for. */
export const renderers: Readonly<Record<Format, () => Promise<Renderer>>> = {
  html: async () => (await import('./html/render-html.js')).htmlRenderer,
  epub: async () => (await import('./epub/render-epub.js')).epubRenderer,
  pdf: async () => (await import('./pdf/render-pdf.js')).pdfRenderer,
};
