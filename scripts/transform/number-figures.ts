import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Figure } from '../book/figures.js';

/**
 * The output of a numbered figure or table (book/figures.ts), from its element as rewritten
 * (`copy`): an image's paragraph becomes a `<figure>` whose `<figcaption>` starts with its
 * number ("Figure 3.2: …", `label` in the book's language); an author's `<figure>` or
 * `<caption>` gets the number before its caption; a table gets a `<caption>` of its `Table: …`
 * paragraph (`caption`, rewritten), which is left out where it stood.
 */
export function numberedFigure(copy: Element, figure: Figure, label: string, caption: ElementContent[]): Element {
  const number = h(`span.${numberClass(figure.kind)}`, label);
  const captioned = (tagName: 'figcaption' | 'caption', children: ElementContent[]): Element =>
    h(tagName, [number, ': ', ...children]);
  if (copy.tagName === 'p') {
    // The image may have become its alt text (a file that is missing): then it stays a paragraph.
    const image = copy.children.find((child) => child.type === 'element' && child.tagName === 'img');
    if (!image) return copy;
    return h('figure', { id: figure.id }, [image, captioned('figcaption', caption)]);
  }
  const own = copy.children.find(
    (child): child is Element =>
      child.type === 'element' && (child.tagName === 'figcaption' || child.tagName === 'caption'),
  );
  if (own) {
    own.children = [number, { type: 'text', value: ': ' }, ...own.children];
    return copy;
  }
  if (copy.tagName === 'table') {
    copy.properties.id ??= figure.id;
    copy.children = [captioned('caption', caption), ...copy.children];
  }
  return copy;
}

/** The class of the number at the start of a numbered figure's or table's caption. */
export function numberClass(kind: Figure['kind']): string {
  return `${kind}-number`;
}
