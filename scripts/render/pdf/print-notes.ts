import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { printClass } from './print-classes.js';
import type { BookConfig } from '../../config/load-config.js';

/** Where the print sets the footnotes: at the foot of the page of their call, or at their chapter's end. */
export type NotePlace = BookConfig['pdf']['notes'];

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
  const kept = node.children.filter((child) => !isWayBack(child)).map((child) => rewrite(child, place));
  // The space before a way back taken out goes with it.
  const children = kept.length < node.children.length ? trimEnd(kept) : kept;
  if (place === 'page' && node.tagName === 'section' && node.properties.dataFootnotes !== undefined)
    return h(`div.${printClass.notePool}`, notesOf({ ...node, children }));
  return { ...node, children };
}

function isWayBack(node: ElementContent): boolean {
  return node.type === 'element' && node.properties.dataFootnoteBackref !== undefined;
}

/** The children without the white space at their end. */
function trimEnd(children: ElementContent[]): ElementContent[] {
  const trimmed = [...children];
  for (let last = trimmed.at(-1); last?.type === 'text'; last = trimmed.at(-1)) {
    if (last.value.trim() !== '') {
      trimmed[trimmed.length - 1] = { ...last, value: last.value.trimEnd() };
      break;
    }
    trimmed.pop();
  }
  return trimmed;
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
