import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** A ```` ```mermaid ```` fence of an output tree: its `<pre>`, where it stands, and its source. */
export interface DiagramBlock {
  readonly chapter: number;
  readonly pre: Element;
  readonly parent: Element | Root;
  readonly source: string;
}

/** The Mermaid fences of the output trees, in reading order. Small, so a book without one loads nothing more. */
export function findDiagrams(trees: readonly { chapter: number; tree: Root }[]): DiagramBlock[] {
  const found: DiagramBlock[] = [];
  for (const { chapter, tree } of trees) {
    visit(tree, 'element', (pre, _index, parent) => {
      if (pre.tagName !== 'pre' || !parent) return;
      const code = pre.children.find((child): child is Element => child.type === 'element');
      const classes = code?.tagName === 'code' ? code.properties.className : undefined;
      if (
        !code ||
        !Array.isArray(classes) ||
        !classes.some((name) => String(name).toLowerCase() === 'language-mermaid')
      )
        return;
      found.push({ chapter, pre, parent, source: toString(code).replace(/\n$/, '') });
    });
  }
  return found;
}
