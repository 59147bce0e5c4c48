import { fill } from '../../config/labels.js';
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { bookIdentifier } from '../../book/identity.js';
import type { Book } from '../../book/types.js';
import { chapterSections, oneDocumentHref } from '../book-sections.js';
import { lightTheme } from '../light-theme.js';
import { openDetails } from '../open-details.js';
import { titlePage } from '../front-matter.js';
import type { RenderContext } from '../renderer.js';
import { fillShell, ownTemplate, sharedStyle } from '../templates.js';
import { figureList, tocNav, type TocEntry } from '../toc.js';
import { printClass } from './print-classes.js';
import { hyphenateElements, type Hyphenator } from './hyphenate.js';
import { breakUrls, urlPiece } from './url-breaks.js';
import { addReferences } from './page-references.js';
import { printNotes, type NotePlace } from './print-notes.js';

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
 * replace. Page marks (print-page.ts): a heading's is where its first line starts; a chapter's
 * floats, with a margin box of no size, as a block would add a place to break the page before
 * the chapter's first heading, which Chromium takes where a run of headings does not fit; a page
 * reference's and its target's take no room (a margin as wide as they are). Both prints have
 * them, so nothing moves. A blank page starts a chapter on a right-hand page; a web address's
 * piece does not break (url-breaks.ts). The notes' pool is not shown; a page's notes area fills
 * the page to its foot, its notes at the bottom, and ends the page (note-layout.ts).
 */
const printBoxes = `.${printClass.pageMark} { display: inline-block; width: 1px; height: 1px; vertical-align: top; }
.${printClass.pageMark}.${printClass.chapterMark} { float: left; margin: 0 -1px -1px 0; }
.${printClass.pageMark}.${printClass.placeMark} { margin-inline-end: -1px; }
.${printClass.blankPage} { break-before: page; height: 1px; }
.${urlPiece} { white-space: nowrap; }
.${printClass.notePool} { display: none; }
.${printClass.noteArea} { display: flex; flex-direction: column; justify-content: flex-end; break-after: page;
  break-inside: avoid; margin: 0; padding: 0; }`;

/** Hides everything but the page marks, for the first print (`firstPrintStyleId`). */
const firstPrintStyle =
  `body * { visibility: hidden !important; } body .${printClass.pageMark} ` + `{ visibility: visible !important; }`;

/**
 * The three ids the print's own links point at, chosen so that no id of the book has them: in
 * the first print the headings' page marks point at one and the chapters' at another, in the
 * second the TOC entries at the third.
 */
export interface LinkTargets {
  readonly mark: string;
  readonly chapter: string;
  readonly toc: string;
  /** The first print's marks of the page references (page-references.ts) and of their targets. */
  readonly ref: string;
  readonly place: string;
}

export function linkTargets(book: Book): LinkTargets {
  const taken = new Set([
    ...book.headings.map((h) => h.id),
    ...book.chapters.flatMap((c) => [c.id, ...c.rawIds.map((r) => r.renamed ?? r.id)]),
  ]);
  const free = (base: string): string => {
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    return id;
  };
  return {
    mark: free('book-page-mark'),
    chapter: free('book-chapter-mark'),
    toc: free('book-toc-entry'),
    ref: free('book-ref-mark'),
    place: free('book-place-mark'),
  };
}

/** One document of the print: a run of whole chapters (the first also has the front matter). */
export interface PrintPart {
  readonly root: Root;
  /** The chapters it holds, in order, by their index in the book (and in the content). */
  readonly chapters: readonly number[];
  /** Whether the table of contents is in it. */
  readonly hasToc: boolean;
  /** The ids its page references go to, in the order of their `data-ref` numbers. */
  readonly references: readonly string[];
}

/** What the print adds to the book's text: soft hyphens, and page references; and where its notes go. */
export interface PrintOptions {
  readonly hyphenator?: Hyphenator;
  readonly references?: boolean;
  readonly notes?: NotePlace;
}

/**
 * About how much text (characters) one printed document holds. Chromium's time per page grows
 * with the length of the document it prints (the 64× book's first print took 36 s as one
 * document, 17 s as sixteen of four copies each), so a long book is printed as several documents
 * of whole chapters, each about this long, and their PDFs are joined (join-parts.ts): the time
 * then grows with the book. At 64×, parts half as long were a little slower (58 s of PDF against
 * 55 s), parts 2.5 times as long about as fast (52 s).
 */
export const partLength = 160_000;

/**
 * The documents Chromium prints: cover, title page, copyright page, the one table of contents
 * (where the `[TOC]` marker is, else after the copyright page) with room for its page numbers,
 * and each chapter in a `<section>`, cut into parts of whole chapters (one part for most books).
 * Each part has the print's own link targets, empty; the first pass gets its page marks
 * (print-page.ts). A link to a place in another part points, in its own part, at an empty
 * element of that id that is not laid out, so that Chromium keeps it as a link to that name; the
 * part that holds the place has a link to it that is not shown, so that Chromium writes where the
 * name is. Joining the parts then joins their names.
 */
export function printParts(
  context: RenderContext,
  pageStyle: string,
  targets: LinkTargets,
  options: PrintOptions = {},
): PrintPart[] {
  const { book } = context;
  const toc = (): Element => tocNav(book, oneDocumentHref(book), numberedEntry);
  const tocChapter = book.tocMarkers.find((marker) => marker.alone)?.chapter;
  const hasMarker = tocChapter !== undefined;
  const { sections, references, figures } = printSections(context, toc, options);
  const front = [...frontMatter(book, hasMarker ? undefined : toc()), ...(figures ? [figures.list] : [])];
  const runs = cutIntoRuns(sections);
  const targetSpans = Object.values(targets).map((id: string) => h('span', { id }));
  const links = runs.length > 1 ? crossLinks(runs.map((run) => run.map((index) => sections[index]!))) : undefined;
  const head = [
    h(
      'style',
      [sharedStyle(context.templates, context.content), ownTemplate(context.templates, 'print.css'), printBoxes].join(
        '\n',
      ),
    ),
    h(`style#${pageStyleId}`, pageStyle),
    h(`style#${firstPrintStyleId}`, firstPrintStyle),
  ];
  return runs.map((chapters, part) => {
    // In the parts after the first, the print's own targets stand here too: links to an element
    // that is not laid out keep its name, and empty boxes after the last chapter could take a
    // page of their own (after a `break-after: page`).
    const stubs = [
      ...(part > 0 ? targetSpans : []),
      ...[...(links?.wanted[part] ?? [])].map((id) => h('span', { id })),
      ...[...(links?.owned[part] ?? [])].map((id) => h('a', { href: `#${id}` })),
    ];
    const hidden = stubs.length > 0 ? [h('div', { hidden: true, ariaHidden: 'true' }, stubs)] : [];
    const root = fillShell(context.templates.shell, {
      lang: book.config.language,
      dir: book.config.direction,
      title: book.config.title,
      head,
      // The targets stand first in the first part, as they did in one document; not in the others,
      // where empty inline boxes before the first chapter would take its first page.
      body: [
        ...(part === 0 ? targetSpans : []),
        ...hidden,
        ...(part === 0 ? front : []),
        ...chapters.map((index) => sections[index]!),
      ],
    });
    return {
      root,
      chapters,
      hasToc: hasMarker ? chapters.includes(tocChapter) : part === 0,
      // The list of figures stands first, in the first part.
      references: [
        ...(part === 0 ? (figures?.references ?? []) : []),
        ...chapters.flatMap((index) => references[index] ?? []),
      ],
    };
  });
}

/**
 * The chapters' sections as the print has them: details open, themed images light, notes set
 * for the foot of the page or the chapter's end (print-notes.ts), soft
 * hyphens (hyphenate.ts), breaks in web addresses (url-breaks.ts) and page references
 * (page-references.ts), with the ids each section's references go to.
 */
function printSections(
  context: RenderContext,
  toc: () => Element,
  { hyphenator, references, notes = 'page' }: PrintOptions,
): { sections: Element[]; references: string[][]; figures?: { list: Element; references: string[] } } {
  const { book } = context;
  const shown = printNotes(lightTheme(openDetails(chapterSections(context, toc))), notes);
  const hyphenated = breakUrls(hyphenator ? hyphenateElements(shown, hyphenator, book.config.language) : shown);
  const list = figureList(book, oneDocumentHref(book));
  if (!references)
    return { sections: hyphenated, references: [], ...(list ? { figures: { list, references: [] } } : {}) };
  // The list of figures comes before the chapters: its references are numbered first.
  const referenced = addReferences(list ? [list, ...hyphenated] : hyphenated, book.config.labels.pageReference);
  const [first, ...rest] = referenced.sections;
  if (!list || !first) return { sections: referenced.sections, references: referenced.targets };
  return {
    sections: rest,
    references: referenced.targets.slice(1),
    figures: { list: first, references: referenced.targets[0] ?? [] },
  };
}

/** Cover, title page, copyright page, and the contents when no `[TOC]` marker places them. */
function frontMatter(book: Book, toc: Element | undefined): Element[] {
  return [
    book.cover
      ? h('div.cover-page', [
          h('img', { src: book.cover.href, alt: fill(book.config.labels.coverOf, { title: book.config.title }) }),
        ])
      : undefined,
    titlePage(book, 'p'),
    copyrightPage(book),
    toc,
  ].filter((element): element is Element => element !== undefined);
}

/** The sections cut into runs of whole chapters of about `partLength` characters each (by index). */
function cutIntoRuns(sections: readonly Element[]): number[][] {
  const runs: number[][] = [[]];
  let filled = 0;
  sections.forEach((section, index) => {
    const size = textLength(section);
    if (filled > 0 && filled + size > partLength) {
      runs.push([]);
      filled = 0;
    }
    runs[runs.length - 1]!.push(index);
    filled += size;
  });
  return runs;
}

/** The length of an element's text. */
function textLength(node: Element | Root): number {
  let length = 0;
  for (const child of node.children) {
    if (child.type === 'text') length += child.value.length;
    else if (child.type === 'element') length += textLength(child);
  }
  return length;
}

/**
 * For each part: the ids its links point at that stand in another part (`wanted`), and its ids
 * that other parts' links point at (`owned`). The table of contents is left out: its links are
 * pointed at their places after the print (finish-pdf.ts).
 */
function crossLinks(parts: readonly (readonly Element[])[]): { wanted: Set<string>[]; owned: Set<string>[] } {
  const owner = new Map<string, number>();
  const hrefs = parts.map(() => new Set<string>());
  const walk = (node: Element, part: number): void => {
    if (node.tagName === 'nav' && Array.isArray(node.properties.className) && node.properties.className.includes('toc'))
      return;
    const { id, href } = node.properties;
    if (typeof id === 'string' && id) owner.set(id, part);
    if (typeof href === 'string' && href.startsWith('#') && href.length > 1) hrefs[part]!.add(href.slice(1));
    for (const child of node.children) if (child.type === 'element') walk(child, part);
  };
  parts.forEach((sections, part) => sections.forEach((section) => walk(section, part)));
  const wanted = parts.map(() => new Set<string>());
  const owned = parts.map(() => new Set<string>());
  hrefs.forEach((ids, part) => {
    for (const id of ids) {
      const home = owner.get(id);
      if (home === undefined || home === part) continue;
      wanted[part]!.add(id);
      owned[home]!.add(id);
    }
  });
  return { wanted, owned };
}

/**
 * A TOC entry with a slot for the page number, of fixed width so filling it moves nothing; print.css draws the leaders.
 */
const numberedEntry: TocEntry = (heading, href) =>
  h('a', { href }, [
    h(`span.${printClass.tocText}`, heading.text || 'Untitled'),
    h(`span.${printClass.tocPage}`, { dataFor: heading.id }),
  ]);

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
