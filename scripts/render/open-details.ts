import type { ElementContent } from 'hast';

/**
 * Opens every `<details>` of renderer-owned copies, in place: a page or an e-book shows its summary
 * and then its content, as a reader could not click it open there (a closed one prints only its
 * summary). Returns the same nodes.
 */
export function openDetails<T extends ElementContent>(nodes: T[]): T[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (node.tagName === 'details') node.properties.open = true;
    openDetails(node.children);
  }
  return nodes;
}
