import type { Definition, Nodes } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Book, Chapter, Reference } from '../book/types.js';

/** Per chapter: where each Markdown link or image starts, and the URL its author wrote there. */
const written = new WeakMap<Chapter, Map<number, string>>();

/**
 * A link's or image's URL as its author wrote it, for messages: the HTML made from Markdown
 * percent-encodes it (`%E7%AB%A0.md` for `章.md`), raw HTML keeps it as written.
 */
export function writtenUrl(book: Book, ref: Reference): string {
  const chapter = book.chapters[ref.chapter];
  const offset = ref.position?.start.offset;
  if (!chapter || offset === undefined) return ref.url;
  let urls = written.get(chapter);
  if (!urls) {
    urls = markdownUrls(chapter);
    written.set(chapter, urls);
  }
  return urls.get(offset) ?? ref.url;
}

function markdownUrls(chapter: Chapter): Map<number, string> {
  const definitions = new Map<string, string>();
  visit(chapter.mdast, 'definition', (node: Definition) => {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
  });
  const urls = new Map<number, string>();
  visit(chapter.mdast, (node: Nodes) => {
    const offset = node.position?.start.offset;
    if (offset === undefined) return;
    if (node.type === 'link' || node.type === 'image') urls.set(offset, node.url);
    if (node.type === 'linkReference' || node.type === 'imageReference') {
      const url = definitions.get(node.identifier);
      if (url !== undefined) urls.set(offset, url);
    }
  });
  return urls;
}
