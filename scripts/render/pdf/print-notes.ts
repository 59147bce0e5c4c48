import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { printClass } from './print-classes.js';

/** Where the print sets the footnotes: at the foot of the page of their call, or at their chapter's end. */
export type NotePlace = 'page' | 'chapter';

/**
 * The chapters' footnotes as the print sets them. Their way back (↩) means nothing on paper and
 * goes, in both places. For the foot of the page, each chapter's list of notes becomes a pool of
 * notes that is not shown (`printClass.notePool`): each note a block with its id and its number
 * (`printClass.noteNumber`, the number its call shows), which the page then moves to the foot of
 * its call's page (note-layout.ts).
 */
export function printNotes(sections: readonly Element[], place: NotePlace): Element[] {
  return sections.map((section) => rewrite(section, place) as Element);
}

function rewrite(node: ElementContent, place: NotePlace): ElementContent {
  if (node.type !== 'element') return node;
  if (node.properties.dataFootnoteBackref !== undefined) return { type: 'text', value: '' };
  const children = withoutBackSpace(node.children.map((child) => rewrite(child, place)));
  if (place === 'page' && node.tagName === 'section' && node.properties.dataFootnotes !== undefined)
    return h(`div.${printClass.notePool}`, notesOf({ ...node, children }));
  return { ...node, children };
}

/**
 * The children without the empty texts left by removed ways back, and without the space before
 * them (at the end).
 */
function withoutBackSpace(children: ElementContent[]): ElementContent[] {
  const empty = (child: ElementContent | undefined): boolean => child?.type === 'text' && child.value === '';
  if (!children.some(empty)) return children;
  const kept = children.filter((child) => !empty(child));
  for (let last = kept.at(-1); last?.type === 'text'; last = kept.at(-1)) {
    if (last.value.trim() !== '') {
      kept[kept.length - 1] = { ...last, value: last.value.trimEnd() };
      break;
    }
    kept.pop();
  }
  return kept;
}

/** The notes of a chapter's list, each a block with its id and its number before its text. */
function notesOf(list: Element): Element[] {
  const items: Element[] = [];
  const collect = (node: ElementContent): void => {
    if (node.type !== 'element') return;
    if (node.tagName === 'li') items.push(node);
    else node.children.forEach(collect);
  };
  list.children.forEach(collect);
  return items.map((item, index) => {
    const number = h(`span.${printClass.noteNumber}`, String(index + 1));
    const blocks = item.children.filter((child) => child.type !== 'text' || child.value.trim() !== '');
    const [first, ...rest] = blocks;
    const body =
      first?.type === 'element' && first.tagName === 'p'
        ? [{ ...first, children: [number, { type: 'text' as const, value: ' ' }, ...first.children] }, ...rest]
        : [h('p', [number]), ...blocks];
    return h(`div.${printClass.note}`, { id: item.properties.id }, body);
  });
}
