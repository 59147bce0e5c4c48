import type { Element } from 'hast';
import { h } from 'hastscript';
import type { Book, Heading } from '../book/types.js';
import type { Figure } from '../book/figures.js';
import type { HrefFor } from './finalize.js';
import { toString } from 'hast-util-to-string';
import { fill } from '../config/labels.js';

/** A heading of the contents, with the headings under it. */
export interface TocNode<H> {
  readonly heading: H;
  readonly children: TocNode<H>[];
}

/**
 * The headings to `depth` as the contents' tree: each under the nearest heading before it of a
 * higher level (a lower depth). The one tree that every format's contents are made from: the
 * site's sidebar and contents, the EPUB's navigation document and NCX, the PDF's contents.
 * `mdast-util-toc` cannot do this: it sees one chapter at a time.
 */
export function headingTree<H extends { readonly depth: number }>(headings: readonly H[], depth: number): TocNode<H>[] {
  const root: TocNode<H>[] = [];
  const stack: { depth: number; children: TocNode<H>[] }[] = [{ depth: 0, children: root }];
  for (const heading of headings) {
    if (heading.depth > depth) continue;
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= heading.depth) stack.pop();
    const node: TocNode<H> = { heading, children: [] };
    stack[stack.length - 1]!.children.push(node);
    stack.push({ depth: heading.depth, children: node.children });
  }
  return root;
}

/** The book's table of contents (every heading to `toc.depth`) as nested lists. */
export function tocList(book: Book, hrefFor: HrefFor, entry: TocEntry = plainEntry): Element {
  const list = (nodes: readonly TocNode<Heading>[]): Element =>
    h(
      'ol',
      nodes.map(({ heading, children }) =>
        h('li', [
          entry(heading, hrefFor({ chapter: heading.chapter, id: heading.id })),
          ...(children.length ? [list(children)] : []),
        ]),
      ),
    );
  return list(headingTree(book.headings, book.config.toc.depth));
}

/** Makes the link of one entry: a format may add to it (the PDF adds page numbers). */
export type TocEntry = (heading: Heading, href: string) => Element;

const plainEntry: TocEntry = (heading, href) => h('a', { href }, heading.text || 'Untitled');

/** The figures that the list of figures lists: none unless book.yaml asks for it (`toc: {figures: true}`). */
export function listedFigures(book: Book): Figure[] {
  if (!book.config.toc.figures) return [];
  return book.chapters.flatMap((chapter) => chapter.figures.filter((figure) => figure.kind === 'figure'));
}

/**
 * The list of figures (book.yaml's `toc: {figures: true}`): each numbered figure's number and
 * caption, linked to it; none when it is not asked for or the book has no figure.
 */
export function figureList(book: Book, hrefFor: HrefFor): Element | undefined {
  const figures = listedFigures(book);
  if (figures.length === 0) return undefined;
  const { labels } = book.config;
  return h('nav.figures', { ariaLabelledby: 'figures-title' }, [
    h('h2#figures-title', labels.listOfFigures),
    h(
      'ol',
      figures.map((figure) =>
        h('li', [
          h('a', { href: hrefFor({ chapter: figure.chapter, id: figure.id }) }, [
            `${fill(labels.figure, { number: figure.number })}: `,
            figure.caption.map((node) => toString(node)).join(''),
          ]),
        ]),
      ),
    ),
  ]);
}

/** The `<nav>` that stands where the `[TOC]` marker was. */
export function tocNav(book: Book, hrefFor: HrefFor, entry?: TocEntry): Element {
  return h('nav.toc', { ariaLabelledby: 'toc-title' }, [
    h('h2#toc-title', book.config.labels.contents),
    tocList(book, hrefFor, entry),
  ]);
}
