import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { safeDecode } from '../../book/safe-decode.js';
import { hasClass } from '../../transform/transform.js';
import { printClass } from './print-classes.js';

/**
 * Page references: after each link of the print to a place in the book, the page that place is
 * on, "(p. 41)" in the book's language (the `pageReference` label). The number is not known
 * before the book is printed, so each link gets a slot (`slotClass`) whose number is filled in
 * from a first print; a reference to the link's own page is hidden. A number or a reference
 * shown or hidden moves the text after it, so the first print is made again with the numbers
 * and references as the last one said, until it says the same (render-pdf.ts): the second print
 * then lays out as the first did. A footnote's call and its way back are not references, nor is
 * a link in a heading.
 */

/** The class of a reference's whole text, and of its number's slot. */
export const referenceClass = 'page-ref';
export const slotClass = 'page-ref-number';

/**
 * A copy of the print's sections with a reference after each link to one of their ids, and for
 * each section the ids its references go to, in document order: the references are numbered
 * (`data-ref`) in that order through the sections.
 */
export function addReferences(
  sections: readonly Element[],
  label: string,
): { sections: Element[]; targets: string[][] } {
  const ids = new Set<string>();
  const collect = (node: ElementContent): void => {
    if (node.type !== 'element') return;
    if (typeof node.properties.id === 'string') ids.add(node.properties.id);
    node.children.forEach(collect);
  };
  sections.forEach(collect);
  const [before = '', after = ''] = label.split('{page}');
  // A space before a reference that opens with a Latin parenthesis; none before a full-width one.
  const space = /^[\s\u3000-\u9fff\uff00-\uffef]/.test(before) ? '' : ' ';
  let count = 0;
  const targets: string[][] = [];
  const visit = (node: ElementContent, found: string[]): ElementContent[] => {
    // The contents have numbers of their own. A heading's text is its bookmark's and its running
    // head's: no number goes into it.
    if (node.type !== 'element' || hasClass(node, printClass.toc) || /^h[1-6]$/.test(node.tagName)) return [node];
    const copy = { ...node, children: node.children.flatMap((child) => visit(child, found)) };
    const target = referenceTarget(node);
    if (target === undefined || !ids.has(target)) return [copy];
    found.push(target);
    const slot = h(`span.${referenceClass}`, { dataRef: count++, dataFor: target }, [
      `${space}${before}`,
      h(`span.${slotClass}`),
      after,
    ]);
    return [copy, slot];
  };
  const copies = sections.map((section) => {
    const found: string[] = [];
    targets.push(found);
    return { ...section, children: section.children.flatMap((child) => visit(child, found)) };
  });
  return { sections: copies, targets };
}

/** The id a link of the author's goes to inside the book, if it is a reference. */
function referenceTarget(element: Element): string | undefined {
  const { href, dataFootnoteRef, dataFootnoteBackref } = element.properties;
  if (element.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#') || href.length < 2) return undefined;
  if (dataFootnoteRef !== undefined || dataFootnoteBackref !== undefined) return undefined;
  return safeDecode(href.slice(1));
}
