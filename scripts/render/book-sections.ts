import type { Element } from 'hast';
import { h } from 'hastscript';
import type { Book } from '../book/types.js';
import { finalize, type HrefFor } from './finalize.js';
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
  const hrefFor = oneDocumentHref(context.book);
  return context.content.map((content) => {
    const chapter = context.book.chapters[content.chapter]!;
    return h('section.chapter', { id: chapter.id }, finalize(content.tree, hrefFor, toc));
  });
}
