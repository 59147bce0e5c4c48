import type { Element, ElementContent } from 'hast';
import { toString } from 'hast-util-to-string';
import type { Book, Chapter, Heading } from '../../book/types.js';
import { headingTree, type TocNode } from '../toc.js';
import { Kept } from '../../kept.js';
import type { ChapterContent } from '../../transform/transform.js';
import type { HrefFor } from '../finalize.js';
import type { RenderContext } from '../renderer.js';

/** One entry of the sidebar's table of contents, in the short form that `toc.js` carries. */
interface TocItem {
  t: string;
  h: string;
  c?: TocItem[];
}

/**
 * `toc.js`: the table of contents as data, one file for the whole site, from which the script
 * builds each page's sidebar (a book of a thousand pages carries no thousand copies of it). A
 * script, not JSON, so that it loads from disk too.
 */
export function tocScript(book: Book, hrefFor: HrefFor): string {
  const items = (nodes: readonly TocNode<Heading>[]): TocItem[] =>
    nodes.map(({ heading, children }) => ({
      t: heading.text || 'Untitled',
      h: hrefFor({ chapter: heading.chapter, id: heading.id }),
      ...(children.length ? { c: items(children) } : {}),
    }));
  const toc = { title: book.config.title, items: items(headingTree(book.headings, book.config.toc.depth)) };
  return `window.BOOK_TOC = ${scriptJson(toc)};\n`;
}

/**
 * `search-index.js`: one entry per section (a heading and the text up to the next heading) with
 * its link and its text, built with the book so that search works offline, in any script.
 */
export function searchScript(context: RenderContext, hrefFor: HrefFor): string {
  const parts = context.content.map((content) => {
    const chapter = context.book.chapters[content.chapter]!;
    const key = JSON.stringify([chapter.index, chapter.title, hrefFor({ chapter: chapter.index, id: undefined })]);
    return entriesOf.get(content, key, () => sectionEntries(content, chapter, hrefFor).map(scriptJson).join(','));
  });
  // The JSON of an array is its items' JSON, between brackets and commas.
  return `window.BOOK_SEARCH = [${parts.filter((part) => part !== '').join(',')}];\n`;
}

/** Each chapter's entries of the search index as JSON, kept with its output tree (kept.ts). */
const entriesOf = new Kept<ChapterContent, string>();

function sectionEntries(
  content: ChapterContent,
  chapter: Chapter,
  hrefFor: HrefFor,
): { t: string; h: string; x: string }[] {
  const entries: { t: string; h: string; x: string }[] = [];
  let current = { t: chapter.title, h: hrefFor({ chapter: chapter.index, id: undefined }), x: [] as string[] };
  const flush = (): void => {
    const text = current.x.join(' ').replace(/\s+/g, ' ').trim();
    if (text || current.t) entries.push({ t: current.t, h: current.h, x: text });
  };
  const walk = (nodes: readonly ElementContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') current.x.push(node.value);
      if (node.type !== 'element' || node.data?.toc) continue;
      if (/^h[1-6]$/.test(node.tagName) && typeof node.properties.id === 'string') {
        flush();
        current = { t: toString(node).trim(), h: hrefFor({ chapter: chapter.index, id: node.properties.id }), x: [] };
        continue;
      }
      walk((node as Element).children);
    }
  };
  walk(content.tree.children as ElementContent[]);
  flush();
  return entries;
}

/** JSON that is safe inside a script: no `</script>`, no line separators that end JS strings. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
