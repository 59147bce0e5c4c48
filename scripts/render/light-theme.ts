import type { ElementContent } from 'hast';

/**
 * Leaves the dark theme's images out of renderer-owned copies, in place: a `<picture>`'s
 * `<source>` for `prefers-color-scheme: dark`, and an image GitHub shows only in its dark theme
 * (`#gh-dark-mode-only`). Paper and e-books show the light image only; the site keeps both and
 * follows the reader's theme. Returns the same nodes.
 */
export function lightTheme<T extends ElementContent>(nodes: T[]): T[] {
  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index]!;
    if (node.type !== 'element') continue;
    const classes = node.properties.className;
    const darkSource =
      node.tagName === 'source' && /prefers-color-scheme\s*:\s*dark/i.test(String(node.properties.media ?? ''));
    const darkImage = node.tagName === 'img' && Array.isArray(classes) && classes.includes('gh-dark-mode-only');
    if (darkSource || darkImage) nodes.splice(index, 1);
    else lightTheme(node.children);
  }
  return nodes;
}
