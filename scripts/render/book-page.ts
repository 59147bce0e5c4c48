import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import type { RenderContext } from './renderer.js';
import { finalize, type HrefFor } from './finalize.js';
import { titlePage } from './front-matter.js';
import { fillShell } from './templates.js';
import { tocNav } from './toc.js';

/** How the one-page book is laid out: its style and where the TOC goes when there is no marker. */
export interface BookPageOptions {
  readonly head: readonly Element[];
  /** Put the TOC after the title page when the manuscript has no `[TOC]` marker. */
  readonly tocWithoutMarker: boolean;
}

/**
 * The whole book on one page: the title page, then every chapter in its own `<section>`, links
 * as `#id`. The HTML site's `book.html` and the page Chromium prints for the PDF.
 */
export function bookPage(context: RenderContext, options: BookPageOptions): Root {
  const { book } = context;
  const hrefFor: HrefFor = (target) => `#${target.id ?? book.chapters[target.chapter]!.id}`;
  const toc = (): Element => tocNav(book, hrefFor);
  const hasMarker = book.tocMarkers.some((marker) => marker.alone);
  const sections = context.content.map((content) => {
    const chapter = book.chapters[content.chapter]!;
    return h('section.chapter', { id: chapter.id }, finalize(content.tree, hrefFor, toc));
  });
  return fillShell(context.templates.shell, {
    lang: book.config.language,
    title: book.config.title,
    head: [...options.head],
    body: [titlePage(book, 'p'), ...(hasMarker || !options.tocWithoutMarker ? [] : [toc()]), ...sections],
  });
}
