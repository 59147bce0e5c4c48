import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { bookIdentifier } from '../../book/identity.js';
import type { Book } from '../../book/types.js';
import { chapterSections, oneDocumentHref } from '../book-sections.js';
import { titlePage } from '../front-matter.js';
import type { RenderContext } from '../renderer.js';
import { fillShell } from '../templates.js';
import { tocNav, type TocEntry } from '../toc.js';

/** The id of the `<style>` that holds the page rules; the second pass replaces it. */
export const pageStyleId = 'page-style';

/**
 * The id of the `<style>` that hides everything in the first print, which is only read for the
 * pages things land on: hidden boxes keep their place and their link destinations, and the
 * print, with nothing painted, takes half the time. The second pass removes it.
 */
export const firstPrintStyleId = 'first-print';

/**
 * The boxes the build adds to the print, styled here rather than in print.css, which a book may
 * replace. Page marks (render-pdf.ts): a heading's is where its first line starts; a chapter's
 * floats, with a margin box of no size, as a block would add a place to break the page before
 * the chapter's first heading, which Chromium takes where a run of headings does not fit. Both
 * prints have them, so nothing moves. A blank page starts a chapter on a right-hand page.
 */
const printBoxes = `.page-mark { display: inline-block; width: 1px; height: 1px; vertical-align: top; }
.page-mark.chapter-mark { float: left; margin: 0 -1px -1px 0; }
.blank-page { break-before: page; height: 1px; }`;

/**
 * The three ids the print's own links point at, chosen so that no id of the book has them: in
 * the first print the headings' page marks point at one and the chapters' at another, in the
 * second the TOC entries at the third.
 */
export interface LinkTargets {
  readonly mark: string;
  readonly chapter: string;
  readonly toc: string;
}

export function linkTargets(book: Book): LinkTargets {
  const taken = new Set([...book.headings.map((h) => h.id), ...book.chapters.flatMap((c) => [c.id, ...c.rawIds.map((r) => r.id)])]);
  const free = (base: string): string => {
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    return id;
  };
  return { mark: free('book-page-mark'), chapter: free('book-chapter-mark'), toc: free('book-toc-entry') };
}

/**
 * The page Chromium prints: cover, title page, copyright page, the one table of contents (where
 * the `[TOC]` marker is, else after the copyright page) with room for its page numbers, and each
 * chapter in a `<section>`. The print's own link targets stand first, empty; the first pass gets
 * its page marks (render-pdf.ts).
 */
export function printDocument(context: RenderContext, pageStyle: string, targets: LinkTargets): Root {
  const { book } = context;
  const toc = (): Element => tocNav(book, oneDocumentHref(book), numberedEntry);
  const hasMarker = book.tocMarkers.some((marker) => marker.alone);
  const sections = chapterSections(context, toc);
  const front = [
    book.cover ? h('div.cover-page', [h('img', { src: book.cover.href, alt: `Cover of ${book.config.title}` })]) : undefined,
    titlePage(book, 'p'),
    copyrightPage(book),
    hasMarker ? undefined : toc(),
  ].filter((element): element is Element => element !== undefined);
  return fillShell(context.templates.shell, {
    lang: book.config.language,
    title: book.config.title,
    head: [
      h('style', `${context.templates.style}\n${context.templates.print}\n${printBoxes}`),
      h(`style#${pageStyleId}`, pageStyle),
      h(`style#${firstPrintStyleId}`, 'body * { visibility: hidden !important; } body .page-mark { visibility: visible !important; }'),
    ],
    body: [...Object.values(targets).map((id: string) => h('span', { id })), ...front, ...sections],
  });
}

/** A TOC entry with a slot for the page number, of fixed width so filling it moves nothing; print.css draws the leaders. */
const numberedEntry: TocEntry = (heading, href) =>
  h('a', { href }, [h('span.toc-text', heading.text || 'Untitled'), h('span.toc-page', { dataFor: heading.id })]);

/** The copyright page: rights, publisher, date and identifier, each only when there is one. */
function copyrightPage(book: Book): Element {
  const { config } = book;
  return h('div.copyright-page', [
    h('p', [h('strong', config.title), config.subtitle ? `: ${config.subtitle}` : '']),
    config.authors.length > 0 ? h('p', config.authors.map((a) => a.name).join(', ')) : undefined,
    config.rights ? h('p', config.rights) : undefined,
    config.publisher ? h('p', config.publisher) : undefined,
    config.date ? h('p', config.date) : undefined,
    h('p.identifier', bookIdentifier(config)),
  ]);
}
