import type { Element } from 'hast';

// What every output does with raw HTML, in one place: the transform stage applies it and the
// `raw-html` rule reports it, so the checker says exactly what the build will do.

/** Elements dropped with their content: they run code or embed other pages. */
const dropped = new Set(['script', 'style', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'noscript']);
/** Obsolete elements that EPUB forbids: their content is kept, the element goes. */
const unwrapped = new Set(['center', 'font', 'big', 'strike', 'tt', 'blink', 'marquee', 'basefont']);

/** What becomes of an element in the outputs: dropped with its content, unwrapped (content kept), or kept. */
export type ElementFate = 'dropped' | 'unwrapped' | 'kept';

/** The fate of an element by its tag name. */
export function elementFate(tagName: string): ElementFate {
  if (dropped.has(tagName)) return 'dropped';
  return unwrapped.has(tagName) ? 'unwrapped' : 'kept';
}

/** One attribute that the outputs change: `align` becomes a class, handlers and script URLs are removed. */
export interface AttributeChange {
  /** The attribute as written in HTML (`onclick`, `href`). */
  readonly attribute: string;
  readonly value: string;
  readonly kind: 'align' | 'handler' | 'script-url';
}

/**
 * The properties of a kept element as the outputs write them, and what was changed: event
 * handlers and `javascript:` (also `vbscript:`, `data:text/html`) values go, `align` becomes
 * the class `align-<value>`.
 */
export function cleanProperties(properties: Element['properties']): { properties: Element['properties']; changes: AttributeChange[] } {
  const clean: Element['properties'] = {};
  const changes: AttributeChange[] = [];
  const change = (name: string, value: unknown, kind: AttributeChange['kind']): void => {
    changes.push({ attribute: attributeName(name), value: Array.isArray(value) ? value.join(' ') : String(value), kind });
  };
  for (const [name, value] of Object.entries(properties)) {
    if (/^on/i.test(name)) {
      change(name, value, 'handler');
      continue;
    }
    if (typeof value === 'string' && /^\s*(javascript|vbscript|data:text\/html)/i.test(value)) {
      change(name, value, 'script-url');
      continue;
    }
    if (name === 'align' && typeof value === 'string') {
      const existing = Array.isArray(properties.className) ? properties.className : [];
      clean.className = [...existing.map(String), alignClass(value)];
      change(name, value, 'align');
      continue;
    }
    if (name === 'className' && 'align' in properties) continue;
    clean[name] = value;
  }
  return { properties: clean, changes };
}

/** The class that stands for `align="<value>"`; the templates' style.css styles the usual ones. */
export function alignClass(value: string): string {
  return `align-${value.toLowerCase()}`;
}

/** hast's property name as written in HTML: `onClick` → `onclick`, `dataTrack` → `data-track`. */
function attributeName(property: string): string {
  if (/^data[A-Z]/.test(property)) return `data${property.slice(4).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return property.toLowerCase();
}
