import type { Blockquote, Root } from 'mdast';

/** GitHub's kinds of alert, in the order of its documentation. */
export const alertKinds = ['note', 'tip', 'important', 'warning', 'caution'] as const;
export type AlertKind = (typeof alertKinds)[number];

/** The class of an alert's `<div>`, as GitHub writes it (`markdown-alert markdown-alert-note`). */
export const alertClass = 'markdown-alert';

const marker = new RegExp(`^\\[!(${alertKinds.join('|')})\\][ \\t]*(?:\\r?\\n|$)`, 'i');

/**
 * Marks GitHub's alerts, in place: a blockquote at the top level of the chapter whose first line
 * is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]` (any case) alone, followed
 * by some content. Such is GitHub's rule: text after the marker on its line, an alert with nothing
 * in it, or one inside a list or another blockquote stays a blockquote. The marker is taken out
 * of the tree; the renderers' transform gives the alert its title and icon.
 */
export function markAlerts(tree: Root): number {
  let found = 0;
  for (const node of tree.children) {
    if (node.type !== 'blockquote') continue;
    const kind = alertKind(node);
    if (!kind) continue;
    node.data = { ...node.data, hName: 'div', hProperties: { className: [alertClass, `${alertClass}-${kind}`] } };
    found++;
  }
  return found;
}

/** The alert's kind, with its marker taken out; undefined (nothing changed) for a blockquote that is not one. */
function alertKind(node: Blockquote): AlertKind | undefined {
  const paragraph = node.children[0];
  if (paragraph?.type !== 'paragraph') return undefined;
  const text = paragraph.children[0];
  if (text?.type !== 'text') return undefined;
  const match = marker.exec(text.value);
  if (!match) return undefined;
  const rest = text.value.slice(match[0].length);
  // A hard break (two spaces) after the marker ends its line too.
  const breakAfter = rest === '' && paragraph.children[1]?.type === 'break' ? 1 : 0;
  const more = paragraph.children.length > 1 + breakAfter || rest !== '' || node.children.length > 1;
  if (!more) return undefined;
  if (rest !== '') text.value = rest;
  else paragraph.children.splice(0, 1 + breakAfter);
  if (paragraph.children.length === 0) node.children.shift();
  return match[1]!.toLowerCase() as AlertKind;
}
