import type { Element } from 'hast';
import { h } from 'hastscript';
import type { Book, Heading } from '../book/types.js';
import type { HrefFor } from './finalize.js';

/**
 * The book's table of contents as a nested list, from the Book's heading table (every heading to
 * `toc.depth`), built as a tree. `mdast-util-toc` cannot do this: it sees one chapter at a time.
 */
export function tocList(book: Book, hrefFor: HrefFor, entry: TocEntry = plainEntry): Element {
  const depth = book.config.toc.depth;
  const root = h('ol');
  const stack: { depth: number; list: Element }[] = [{ depth: 0, list: root }];
  for (const heading of book.headings) {
    if (heading.depth > depth) continue;
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= heading.depth) stack.pop();
    const parent = stack[stack.length - 1]!;
    const item = h('li', [entry(heading, hrefFor({ chapter: heading.chapter, id: heading.id }))]);
    parent.list.children.push(item);
    const sub = h('ol');
    item.children.push(sub);
    stack.push({ depth: heading.depth, list: sub });
  }
  pruneEmpty(root);
  return root;
}

/** Makes the link of one entry: a format may add to it (the PDF adds page numbers). */
export type TocEntry = (heading: Heading, href: string) => Element;

const plainEntry: TocEntry = (heading, href) => h('a', { href }, heading.text || 'Untitled');

function pruneEmpty(list: Element): void {
  for (const item of list.children) {
    if (item.type !== 'element') continue;
    item.children = item.children.filter(
      (child) => child.type !== 'element' || child.tagName !== 'ol' || child.children.length > 0,
    );
    for (const child of item.children) if (child.type === 'element' && child.tagName === 'ol') pruneEmpty(child);
  }
}

/** The `<nav>` that stands where the `[TOC]` marker was. */
export function tocNav(book: Book, hrefFor: HrefFor, entry?: TocEntry): Element {
  return h('nav.toc', { ariaLabelledby: 'toc-title' }, [
    h('h2#toc-title', book.config.labels.contents),
    tocList(book, hrefFor, entry),
  ]);
}
