import type { Element as HastElement, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import type { Element as XastElement, Root as XastRoot } from 'xast';
import { x } from 'xastscript';
import type { Book, Heading } from '../../book/types.js';
import type { HrefFor } from '../finalize.js';
import { epubCover } from './epub-pages.js';
import { fillShell, type Templates } from '../templates.js';
import { figureList, headingTree, tocList, type TocNode } from '../toc.js';

/**
 * The EPUB navigation document: the nested table of contents to `toc.depth` (epub-gen-memory's
 * lists chapter titles only) and the landmarks, with the ARIA roles that Ace asks for.
 */
export function navDocument(book: Book, templates: Templates, hrefFor: HrefFor): HastRoot {
  const first = book.chapters[0];
  const landmarks: HastElement = h(
    'nav',
    { 'epub:type': 'landmarks', ariaLabel: book.config.labels.landmarks, hidden: true },
    [
      h('ol', [
        epubCover(book)
          ? h('li', [h('a', { href: 'cover.xhtml', 'epub:type': 'cover' }, book.config.labels.cover)])
          : undefined,
        h('li', [h('a', { href: 'toc.xhtml', 'epub:type': 'toc' }, book.config.labels.tableOfContents)]),
        first
          ? h('li', [
              h('a', { href: `${first.name}.xhtml`, 'epub:type': 'bodymatter' }, book.config.labels.startOfText),
            ])
          : undefined,
      ]),
    ],
  );
  return fillShell(templates.shell, {
    lang: book.config.language,
    dir: book.config.direction,
    title: book.config.title,
    body: [
      h('nav#toc', { 'epub:type': 'toc', role: 'doc-toc', ariaLabelledby: 'toc-title' }, [
        h('h1#toc-title', book.config.labels.contents),
        listsHeadings(book) ? tocList(book, hrefFor) : chapterList(book, hrefFor),
      ]),
      ...lof(book, hrefFor),
      landmarks,
    ],
  });
}

/** The list of figures, as EPUB's `lof` navigation, when book.yaml asks for one. */
function lof(book: Book, hrefFor: HrefFor): HastElement[] {
  const list = figureList(book, hrefFor);
  if (!list) return [];
  list.properties = { ...list.properties, 'epub:type': 'lof' };
  return [list];
}

/** The NCX, for reading systems older than EPUB 3: the same headings as navPoints. */
export function ncxDocument(book: Book, identifier: string, hrefFor: HrefFor): XastRoot {
  const map = x('navMap');
  let order = 0;
  let maxDepth = 1;
  const points = (
    nodes: readonly TocNode<Pick<Heading, 'chapter' | 'depth' | 'text' | 'id'>>[],
    level: number,
  ): XastElement[] =>
    nodes.map(({ heading, children }) => {
      maxDepth = Math.max(maxDepth, level);
      const point = navPoint(heading, ++order, hrefFor);
      point.children.push(...points(children, level + 1));
      return point;
    });
  map.children.push(
    ...points(headingTree(listsHeadings(book) ? book.headings : chapterEntries(book), book.config.toc.depth), 1),
  );
  return x(null, [
    { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
    x('ncx', { xmlns: 'http://www.daisy.org/z3986/2005/ncx/', version: '2005-1', 'xml:lang': book.config.language }, [
      x('head', [
        x('meta', { name: 'dtb:uid', content: identifier }),
        x('meta', { name: 'dtb:depth', content: String(maxDepth) }),
        x('meta', { name: 'dtb:totalPageCount', content: '0' }),
        x('meta', { name: 'dtb:maxPageNumber', content: '0' }),
      ]),
      x('docTitle', [x('text', book.config.title)]),
      map,
    ]),
  ]);
}

/** Whether any heading is within the contents' depth: a navigation document with no entry is not valid EPUB. */
function listsHeadings(book: Book): boolean {
  return book.headings.some((heading) => heading.depth <= book.config.toc.depth);
}

/**
 * Each chapter as an entry by its title, for a book whose headings are all deeper than the contents go (`######` only).
 */
function chapterEntries(book: Book): Pick<Heading, 'chapter' | 'depth' | 'text' | 'id'>[] {
  return book.chapters.map((chapter) => ({ chapter: chapter.index, depth: 1, text: chapter.title, id: '' }));
}

function chapterList(book: Book, hrefFor: HrefFor): HastElement {
  return h(
    'ol',
    chapterEntries(book).map((entry) =>
      h('li', [h('a', { href: hrefFor({ chapter: entry.chapter, id: undefined }) }, entry.text || 'Untitled')]),
    ),
  );
}

function navPoint(heading: Pick<Heading, 'chapter' | 'text' | 'id'>, order: number, hrefFor: HrefFor): XastElement {
  return x('navPoint', { id: `nav-${order}`, playOrder: String(order) }, [
    x('navLabel', [x('text', heading.text || 'Untitled')]),
    x('content', { src: hrefFor({ chapter: heading.chapter, id: heading.id || undefined }) }),
  ]);
}
