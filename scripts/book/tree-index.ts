import type { Element, Root } from 'hast';
import type { Definition, Nodes, Root as MdRoot } from 'mdast';
import { visit } from 'unist-util-visit';
import { Kept } from '../kept.js';

/** What the Book model's stages look up in a chapter's HTML tree, found in one walk. */
export interface TreeIndex {
  /** Elements that carry an id, or an `<a name>` that becomes one, in reading order. */
  readonly withIds: readonly Element[];
  /** `h1`–`h6`, in reading order. */
  readonly headings: readonly Element[];
  /** Elements that may be links or images (`a`, `img`, `source`), in reading order. */
  readonly links: readonly Element[];
}

const indexes = new Kept<Root, TreeIndex>();
const written = new Kept<MdRoot, ReadonlyMap<number, string>>();

/**
 * The index of a chapter's HTML tree, kept with the tree: a chapter that the parse cache keeps is
 * walked once, not at every build (the preview's cost then grows with the edit, not the book).
 * Later builds change only ids on the elements it lists (headings' ids, `<a name>` made an id),
 * so the lists stay true for the tree.
 */
export function treeIndex(tree: Root): TreeIndex {
  return indexes.once(tree, () => indexOf(tree));
}

function indexOf(tree: Root): TreeIndex {
  const withIds: Element[] = [];
  const headings: Element[] = [];
  const links: Element[] = [];
  visit(tree, 'element', (element) => {
    const { id, name } = element.properties;
    if ((typeof id === 'string' && id !== '') || (element.tagName === 'a' && typeof name === 'string' && name !== ''))
      withIds.push(element);
    if (/^h[1-6]$/.test(element.tagName)) headings.push(element);
    if (element.tagName === 'a' || element.tagName === 'img' || element.tagName === 'source') links.push(element);
  });
  return { withIds, headings, links };
}

/**
 * Where each Markdown link or image of a chapter starts, and the URL its author wrote there (a
 * reference link's from its definition), kept with the chapter's Markdown tree.
 */
export function writtenUrls(mdast: MdRoot): ReadonlyMap<number, string> {
  return written.once(mdast, () => urlsOf(mdast));
}

function urlsOf(mdast: MdRoot): ReadonlyMap<number, string> {
  const definitions = new Map<string, string>();
  visit(mdast, 'definition', (node: Definition) => {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
  });
  const urls = new Map<number, string>();
  visit(mdast, (node: Nodes) => {
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
