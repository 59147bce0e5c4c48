import type { Element } from 'hast';
import { h } from 'hastscript';
import type { Book } from '../book/types.js';
import { finalize, type HrefFor } from './finalize.js';
import type { ChapterContent } from '../transform/transform.js';
import type { RenderContext } from './renderer.js';

/** Links within one document that holds the whole book: `#id` (a chapter's start is its section). */
export function oneDocumentHref(book: Book): HrefFor {
  return (target) => `#${target.id ?? book.chapters[target.chapter]!.id}`;
}

/**
 * Every chapter in its own `<section>`, for the documents that hold the whole book: the site's
 * `book.html` and the page Chromium prints for the PDF. `toc` fills the `[TOC]` place.
 */
export function chapterSections(context: RenderContext, toc: () => Element | undefined): Element[] {
  return context.content.map((content) => chapterSection(context.book, content, toc));
}

/** One chapter's `<section>` of the documents that hold the whole book. */
export function chapterSection(book: Book, content: ChapterContent, toc: () => Element | undefined): Element {
  return h(
    'section.chapter',
    { id: book.chapters[content.chapter]!.id },
    finalize(content.tree, oneDocumentHref(book), toc),
  );
}
