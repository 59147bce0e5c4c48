import type { Element, ElementContent, Root } from 'hast';
import type { Target } from '../book/types.js';
import '../transform/hast-data.js';

/** How one format spells a link to a place in the book. */
export type HrefFor = (target: Target) => string;

/**
 * A renderer's copy of a chapter's content with its internal links spelled for that format and
 * the table-of-contents place filled (or dropped where `toc` gives nothing).
 */
export function finalize(tree: Root, hrefFor: HrefFor, toc: () => Element | undefined): ElementContent[] {
  const copy = structuredClone(tree);
  const walk = (children: ElementContent[]): ElementContent[] =>
    children.flatMap((node): ElementContent[] => {
      if (node.type !== 'element') return [node];
      if (node.data?.toc) {
        const filled = toc();
        return filled ? [filled] : [];
      }
      if (node.data?.target) node.properties.href = hrefFor(node.data.target);
      node.children = walk(node.children);
      return [node];
    });
  return walk(copy.children.filter((node): node is ElementContent => node.type !== 'doctype'));
}
