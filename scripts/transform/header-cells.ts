import type { Element } from 'hast';
import { toString } from 'hast-util-to-string';
import { hasEmbedded } from '../book/content-model.js';

/**
 * A header cell with nothing in it (the corner of a table, `| | Mon | Tue |`) becomes a data
 * cell: an empty `<th>` names no row or column, and screen readers announce it as a blank header
 * (axe and Ace: `empty-table-header`). WAI's tables tutorial leaves such a corner a `<td>`. A cell
 * with an image or other embedded content but no text is not empty.
 */
export function emptyHeaderCell(cell: Element): void {
  if (cell.tagName === 'th' && toString(cell).trim() === '' && !hasEmbedded(cell)) cell.tagName = 'td';
}
