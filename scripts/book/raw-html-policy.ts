import type { Element } from 'hast';
import { htmlElementAttributes } from 'html-element-attributes';
import { find, html } from 'property-information';

// What every output does with raw HTML, in one place: the transform stage applies it and the
// `raw-html` rule reports it, so the checker says exactly what the build will do.

/** Elements dropped with their content: they run code or embed other pages. */
const dropped = new Set(['script', 'style', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'noscript']);
/** Obsolete elements that EPUB forbids: their content is kept, the element goes. */
const unwrapped = new Set(['center', 'font', 'big', 'strike', 'tt', 'blink', 'marquee', 'basefont']);

/**
 * The elements of HTML as EPUB 3 allows them (html-tag-names would also list obsolete ones, and
 * EPUB's schema has no `<search>`, which HTML added later). An
 * element not among them (`<foo>`, `<responsive-image>`) is unwrapped: EPUBCheck rejects it.
 */
const htmlElements = new Set(
  (
    'a abbr address area article aside audio b bdi bdo blockquote br button ' +
    'canvas caption cite code col colgroup data datalist dd del ' +
    ('details dfn dialog div dl dt em fieldset figcaption figure footer form ' +
      'h1 h2 h3 h4 h5 h6 header hgroup hr i img input ins kbd label ') +
    ('legend li main map mark menu meter nav ol optgroup option output p picture ' +
      'pre progress q rp rt ruby s samp section select ') +
    ('small source span strong sub summary sup table tbody td template textarea ' +
      'tfoot th thead time tr track u ul var video wbr math svg')
  ).split(' '),
);

/** What becomes of an element in the outputs: dropped with its content, unwrapped (content kept), or kept. */
export type ElementFate = 'dropped' | 'unwrapped' | 'unknown' | 'kept';

/** The fate of an element by its tag name (inside `<svg>` and `<math>` only attributes are cleaned). */
export function elementFate(tagName: string): ElementFate {
  if (dropped.has(tagName)) return 'dropped';
  if (unwrapped.has(tagName)) return 'unwrapped';
  return htmlElements.has(tagName) ? 'kept' : 'unknown';
}

/** `<svg>` and `<math>` hold another vocabulary: their descendants are not HTML elements. */
export function isForeignRoot(tagName: string): boolean {
  return tagName === 'svg' || tagName === 'math';
}

/** Presentational attributes that HTML made obsolete and EPUBCheck rejects (as hast property names). */
const obsolete = new Set(
  (
    'bgColor border cellPadding cellSpacing vAlign hSpace vSpace clear compact ' +
    'noShade noWrap face color background frame rules charSet rev axis ' +
    ('longDesc borderColor marginWidth marginHeight scrolling frameBorder char ' +
      'charOff summary scheme version profile link vLink aLink text language')
  ).split(' '),
);
/** Attributes that only some elements may have. */
const onlyOn: Readonly<Record<string, readonly string[]>> = {
  width: ['img', 'video', 'canvas', 'iframe', 'embed', 'object', 'svg', 'input', 'source'],
  height: ['img', 'video', 'canvas', 'iframe', 'embed', 'object', 'svg', 'input', 'source'],
  size: ['input', 'select'],
  name: [
    'button',
    'fieldset',
    'form',
    'iframe',
    'input',
    'map',
    'meta',
    'object',
    'output',
    'select',
    'textarea',
    'details',
    'slot',
  ],
  type: ['a', 'button', 'embed', 'input', 'link', 'ol', 'object', 'script', 'source', 'style'],
  start: ['ol'],
};

/** One attribute that the outputs change: `align` becomes a class, handlers and script URLs are removed. */
export interface AttributeChange {
  /** The attribute as written in HTML (`onclick`, `href`). */
  readonly attribute: string;
  readonly value: string;
  readonly kind: 'align' | 'handler' | 'script-url' | 'unknown' | 'obsolete' | 'misplaced' | 'direction';
}

/**
 * The properties of a kept element as the outputs write them, and what was changed: event
 * handlers and `javascript:` (also `vbscript:`, `data:text/html`) values go, `align` becomes
 * the class `align-<value>`.
 */
export function cleanProperties(
  properties: Element['properties'],
  tagName = '',
): { properties: Element['properties']; changes: AttributeChange[] } {
  const clean: Element['properties'] = {};
  const changes: AttributeChange[] = [];
  const change = (name: string, value: unknown, kind: AttributeChange['kind']): void => {
    changes.push({
      attribute: attributeName(name),
      value: Array.isArray(value) ? value.join(' ') : String(value),
      kind,
    });
  };
  for (const [name, value] of Object.entries(properties)) {
    if (/^on/i.test(name)) {
      change(name, value, 'handler');
      continue;
    }
    if (typeof value === 'string' && /^\s*(javascript:|vbscript:|data:text\/html)/i.test(value)) {
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
    // EPUB forbids CSS's `direction` and `unicode-bidi` (CSS-001): the direction is HTML's `dir`.
    if (name === 'style' && typeof value === 'string' && /(?:^|;)\s*(?:direction|unicode-bidi)\s*:/i.test(value)) {
      const direction = /(?:^|;)\s*direction\s*:\s*(rtl|ltr)\b/i.exec(value)?.[1]?.toLowerCase();
      if (direction && properties.dir === undefined) clean.dir = direction;
      const rest = value
        .split(';')
        .filter((declaration) => declaration.trim() !== '' && !/^\s*(?:direction|unicode-bidi)\s*:/i.test(declaration))
        .join(';')
        .trim();
      if (rest) clean.style = rest;
      change(name, value, 'direction');
      continue;
    }
    if (tagName && !isForeignRoot(tagName)) {
      const info = find(html, name);
      if (!info.defined && !name.includes(':')) {
        change(name, value, 'unknown');
        continue;
      }
      if (obsolete.has(info.property) || (onlyOn[info.property] && !onlyOn[info.property]!.includes(tagName))) {
        change(name, value, 'obsolete');
        continue;
      }
      if (!allowedOn(tagName, info.attribute)) {
        change(name, value, 'misplaced');
        continue;
      }
    }
    clean[name] = value;
  }
  return { properties: clean, changes };
}

/**
 * Whether HTML gives this element this attribute: a global one, one of the element's own (the
 * HTML standard's index, as html-element-attributes keeps it), ARIA, `data-*`, `xml:lang` or `epub:type`.
 */
function allowedOn(tagName: string, attribute: string): boolean {
  // An element with no attributes of its own is not in that index.
  const own = htmlElementAttributes[tagName] ?? [];
  // Namespaced attributes (`xlink:href`) belong to SVG and MathML; on HTML elements only these two.
  if (/^(aria-|data-)/.test(attribute) || attribute === 'role' || attribute === 'xml:lang' || attribute === 'epub:type')
    return true;
  return own.includes(attribute) || htmlElementAttributes['*']!.includes(attribute);
}

/** The class that stands for `align="<value>"`; the templates' style.css styles the usual ones. */
export function alignClass(value: string): string {
  return `align-${value.toLowerCase()}`;
}

/**
 * hast's property name as written in HTML: `onClick` → `onclick`, `dataTrack` → `data-track`, `xLinkHref` →
 * `xlink:href`.
 */
function attributeName(property: string): string {
  return find(html, property).attribute;
}
