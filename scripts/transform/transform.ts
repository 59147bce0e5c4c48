import type { Element, ElementContent, Root, RootContent } from 'hast';
import { h } from 'hastscript';
import { tocClass } from '../book/parse-chapter.js';
import { cleanProperties, elementFate } from '../book/raw-html-policy.js';
import type { Book, Reference } from '../book/types.js';
import { elementData } from './hast-data.js';

/** One chapter's HTML tree as every renderer receives it. */
export interface ChapterContent {
  readonly chapter: number;
  readonly tree: Root;
}

/**
 * Makes the output trees from the Book model, leaving the model as it was: links and images
 * resolved (a link the book cannot honour becomes its text, an image that cannot be embedded its
 * alt text), raw HTML made valid for every format by `raw-html-policy.ts` (the policy that the
 * checker's `raw-html` rule reports), and the first `[TOC]` marked for the renderers.
 */
export function transform(book: Book): ChapterContent[] {
  const references = new Map<Element, Reference>(book.references.map((ref) => [ref.element, ref]));
  const firstToc = book.tocMarkers.find((marker) => marker.alone);
  let tocTaken = false;

  const rewriteElement = (element: Element): ElementContent[] => {
    const fate = elementFate(element.tagName);
    if (fate === 'dropped') return [];
    if (element.tagName === 'nav' && hasClass(element, tocClass)) {
      if (tocTaken || !firstToc) return [];
      tocTaken = true;
      return [{ type: 'element', tagName: 'nav', properties: { className: ['toc'] }, children: [], data: elementData({ toc: true }) }];
    }
    const children = element.children.flatMap(rewrite);
    if (fate === 'unwrapped') return children;
    const { properties } = cleanProperties(element.properties);
    const ref = references.get(element);
    const copy: Element = { type: 'element', tagName: element.tagName, properties, children, position: element.position };
    return ref ? rewriteReference(copy, ref) : [copy];
  };
  const rewrite = (node: RootContent): ElementContent[] => {
    if (node.type === 'element') return rewriteElement(node);
    if (node.type === 'text' || node.type === 'comment') return [{ ...node }];
    return [];
  };
  return book.chapters.map((chapter) => ({
    chapter: chapter.index,
    tree: { type: 'root', children: chapter.hast.children.flatMap(rewrite) },
  }));
}

function rewriteReference(element: Element, ref: Reference): ElementContent[] {
  if (ref.kind === 'link') {
    if (ref.status === 'internal' && ref.target) {
      delete element.properties.href;
      element.data = elementData({ target: ref.target });
      return [element];
    }
    return ref.status === 'external' ? [element] : element.children;
  }
  const alt = typeof element.properties.alt === 'string' ? element.properties.alt : '';
  if (ref.status === 'asset' && ref.asset) {
    element.properties.src = ref.asset.href;
    element.properties.alt = alt;
    return [element];
  }
  if (ref.status === 'remote') return [h('a', { href: ref.url, className: ['remote-image'] }, alt || ref.url)];
  return alt ? [h('span', { className: ['missing-image'] }, alt)] : [];
}

function hasClass(element: Element, name: string): boolean {
  const classes = element.properties.className;
  return Array.isArray(classes) && classes.includes(name);
}
