import type { Element, ElementContent, Root } from 'hast';
import type { Target } from '../book/types.js';
import '../transform/hast-data.js';

/** How one format spells a link to a place in the book. */
export type HrefFor = (target: Target) => string;

/**
 * A renderer's copy of a chapter's content with its internal links spelled for that format and
 * the table-of-contents place filled (or dropped where `toc` gives nothing). Elements are copied,
 * with their properties, so that a renderer may change them; text and comments, which no
 * renderer changes, are shared with the content (a deep copy of every tree, for every format,
 * took a build longer than the rest of this stage).
 */
export function finalize(tree: Root, hrefFor: HrefFor, toc: () => Element | undefined): ElementContent[] {
  const copy = (children: readonly Root['children'][number][]): ElementContent[] =>
    children.flatMap((node): ElementContent[] => {
      if (node.type === 'doctype') return [];
      if (node.type !== 'element') return [node];
      if (node.data?.toc) {
        const filled = toc();
        return filled ? [filled] : [];
      }
      const properties = { ...node.properties };
      if (node.data?.target) properties.href = hrefFor(node.data.target);
      return [{ ...node, properties, children: copy(node.children) }];
    });
  return copy(tree.children);
}
