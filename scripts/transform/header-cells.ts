import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** Elements that give a cell content without text: it stays a header cell. */
const embedded = new Set('img svg math picture video audio canvas object embed iframe input'.split(' '));

/**
 * A header cell with nothing in it (the corner of a table, `| | Mon | Tue |`) becomes a data
 * cell: an empty `<th>` names no row or column, and screen readers announce it as a blank header
 * (axe and Ace: `empty-table-header`). WAI's tables tutorial leaves such a corner a `<td>`.
 */
export function emptyHeaderCells(trees: readonly Root[]): void {
  for (const tree of trees) {
    visit(tree, 'element', (element) => {
      if (element.tagName === 'th' && isEmpty(element)) element.tagName = 'td';
    });
  }
}

function isEmpty(cell: Element): boolean {
  if (toString(cell).trim() !== '') return false;
  let content = false;
  visit(cell, 'element', (element) => {
    if (embedded.has(element.tagName)) content = true;
  });
  return !content;
}
