import type { Element, ElementContent, Root, RootContent } from 'hast';
import { h } from 'hastscript';
import { tocClass } from '../book/parse-chapter.js';
import type { Book, Reference } from '../book/types.js';
import { elementData } from './hast-data.js';

/** One chapter's HTML tree as every renderer receives it. */
export interface ChapterContent {
  readonly chapter: number;
  readonly tree: Root;
}

/** Raw HTML elements dropped with their content: they run code or embed other pages. */
const dropped = new Set(['script', 'style', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'noscript']);
/** Obsolete elements that EPUB forbids: their content is kept, the element goes. */
const unwrapped = new Set(['center', 'font', 'big', 'strike', 'tt', 'blink', 'marquee', 'basefont']);

/**
 * Makes the output trees from the Book model, leaving the model as it was: links and images
 * resolved (a link the book cannot honour becomes its text, an image that cannot be embedded its
 * alt text), raw HTML made valid for every format (the checker's `raw-html` rule reports it), and
 * the first `[TOC]` marked for the renderers.
 */
export function transform(book: Book): ChapterContent[] {
  const references = new Map<Element, Reference>(book.references.map((ref) => [ref.element, ref]));
  const firstToc = book.tocMarkers.find((marker) => marker.alone);
  let tocTaken = false;

  const rewriteElement = (element: Element): ElementContent[] => {
    if (dropped.has(element.tagName)) return [];
    if (element.tagName === 'nav' && hasClass(element, tocClass)) {
      if (tocTaken || !firstToc) return [];
      tocTaken = true;
      return [{ type: 'element', tagName: 'nav', properties: { className: ['toc'] }, children: [], data: elementData({ toc: true }) }];
    }
    const children = element.children.flatMap(rewrite);
    if (unwrapped.has(element.tagName)) return children;
    const properties = cleanProperties(element.properties);
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

/** Strips what EPUB or safety forbids: event handlers, `javascript:` URLs; `align` becomes a class. */
function cleanProperties(properties: Element['properties']): Element['properties'] {
  const clean: Element['properties'] = {};
  for (const [name, value] of Object.entries(properties)) {
    if (/^on/i.test(name)) continue;
    if (typeof value === 'string' && /^\s*(javascript|vbscript|data:text\/html)/i.test(value)) continue;
    if (name === 'align' && typeof value === 'string') {
      const existing = Array.isArray(properties.className) ? properties.className : [];
      clean.className = [...existing.map(String), `align-${value.toLowerCase()}`];
      continue;
    }
    if (name === 'className' && 'align' in properties) continue;
    clean[name] = value;
  }
  return clean;
}

function hasClass(element: Element, name: string): boolean {
  const classes = element.properties.className;
  return Array.isArray(classes) && classes.includes(name);
}
