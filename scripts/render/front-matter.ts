import type { Element } from 'hast';
import { h } from 'hastscript';
import type { Book } from '../book/types.js';

/**
 * The title page: title, subtitle and authors, as a tree. The title is an `<h1>` on a page of its
 * own, and a plain paragraph in the one-page book, where it must not become a PDF bookmark.
 */
export function titlePage(book: Book, titleTag: 'h1' | 'p'): Element {
  const { config } = book;
  const authors = config.authors.map((a) => (a.role ? `${a.name} (${a.role})` : a.name)).join(', ');
  return h('header.title-page', [
    h(`${titleTag}.book-title`, config.title),
    config.subtitle ? h('p.subtitle', config.subtitle) : undefined,
    authors ? h('p.authors', authors) : undefined,
  ]);
}
