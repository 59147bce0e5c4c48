import { createRequire } from 'node:module';
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { find, html } from 'property-information';
import type { Position } from 'unist';
import { shown } from '../problems.js';
import { repairForeign } from './foreign-content.js';
import { elementFate, isForeignRoot } from './raw-html-policy.js';

/** One change that HTML's content model made to a chapter's raw HTML, at the place it concerns. */
export interface ContentRepair {
  readonly position: Position | undefined;
  readonly message: string;
  /** The rule that reports it, when not `raw-html`. */
  readonly rule?: 'unclosed-html' | 'math' | 'front-matter' | 'phrasing-depth' | 'nesting-depth';
}

type Entry = string | { exclude: string | string[] };
type Test = boolean | ((node: NodeShim) => boolean);
/** The part of html-validate's element metadata (the HTML standard's content models) read here. */
interface Meta {
  readonly [category: string]: unknown;
  readonly deprecated?: { readonly documentation?: string; readonly message?: string };
  readonly metadata?: unknown;
  readonly transparent?: boolean | string[];
  readonly permittedContent?: Entry[];
  readonly permittedDescendants?: Entry[];
  readonly permittedParent?: string[];
  readonly permittedOrder?: string[];
  readonly requiredAncestors?: string[];
  readonly requiredContent?: string[];
  readonly attributes?: Readonly<Record<string, { readonly required?: boolean }>>;
}
interface NodeShim {
  hasAttribute(name: string): boolean;
  getAttribute(name: string): string | null;
  closest(selector: string): boolean;
}
interface Context {
  /** The element whose permitted content applies (the nearest one that is not transparent). */
  readonly content: Element | undefined;
  /** What no descendant may be, from the ancestors' permitted descendants. */
  readonly excludes: readonly string[];
  readonly ancestors: readonly Element[];
}

let table: Readonly<Record<string, Meta>> | undefined;
/**
 * The HTML standard's content models as html-validate keeps them (its `html-validate/elements/html5`
 * metadata), loaded only for a chapter that has raw HTML.
 */
function metaTable(): Readonly<Record<string, Meta>> {
  if (!table) {
    const loaded = createRequire(import.meta.url)('html-validate/elements/html5') as { default?: Record<string, Meta> };
    table = (loaded.default ?? loaded) as Record<string, Meta>;
  }
  return table;
}

/**
 * Why HTML has no place for an element in a page's text, in words for a message: obsolete (with
 * what to use instead), or a part of the page's head or frame. Undefined for an element HTML
 * does not know, or one it allows in text.
 */
export function notForText(tagName: string): string | undefined {
  const meta = metaTable()[tagName];
  if (!meta) return undefined;
  if (meta.deprecated) {
    const instead = (meta.deprecated.documentation ?? meta.deprecated.message ?? '')
      .replaceAll('`', '')
      .replace(/\.$/, '');
    return `<${tagName}> is obsolete HTML${instead ? ` (${instead.charAt(0).toLowerCase()}${instead.slice(1)})` : ''}`;
  }
  if (meta.metadata === true || ['html', 'head', 'body'].includes(tagName))
    return `<${tagName}> belongs to a page's frame or head, not its text`;
  return undefined;
}

/**
 * The first of these nested elements (outermost first, in a page's body) that has no place for
 * the Markdown after it: a `<button>`, `<span>` or `<ul>` left open would hold the rest of the
 * chapter as its own content. An element that may hold a heading (a `<summary>`) or is one (an
 * `<h1 align="center">` around a logo) holds Markdown on GitHub too; a transparent one (`<a>`) is
 * judged by its parent. -1 if none.
 */
export function firstWithoutBlocks(path: readonly string[]): number {
  return path.findIndex((name) => {
    const meta = metaTable()[name.toLowerCase()];
    if (!meta?.permittedContent || meta.transparent || /^h[1-6]$/i.test(name)) return false;
    return !meta.permittedContent.some((entry) => entry === '@flow' || entry === '@heading');
  });
}

/**
 * Makes a chapter's tree follow HTML's content model where raw HTML broke it, by the least change
 * that keeps every word: an element where its parent does not permit it (a block in a paragraph,
 * a link in a link, a list item outside a list) gives way to its content, or goes if it holds no
 * text (a `<br>`); text where only elements may stand is put in the element that may (`<li>`);
 * children out of the permitted order are put in it. Returns what it changed.
 */
export function repairContentModel(tree: Root): ContentRepair[] {
  const repairs: ContentRepair[] = [];
  const root: Element = {
    type: 'element',
    tagName: 'div',
    properties: {},
    children: tree.children as ElementContent[],
  };
  liftHeadings(root, { content: root, excludes: [], ancestors: [] }, repairs);
  repairChildren(root, { content: root, excludes: [], ancestors: [] }, repairs);
  tree.children = root.children;
  return repairs;
}

/**
 * A heading inside an element that does not permit it (a `<b>` or `<address>` left open before
 * it, a `<button>`) would lose its tag, and the book its place in the navigation: it is moved
 * out instead, the element split around it, as the HTML parser splits formatting elements around
 * a block. So is a block that holds a heading. Bottom-up, so a heading deep inside comes all the
 * way out.
 */
function liftHeadings(
  parent: Element,
  context: Context,
  repairs: ContentRepair[],
  lifted = new WeakSet<Element>(),
): void {
  // An element the policy unwraps (`<foo>`, `<font>`) is not there for what it holds: its parent's model applies.
  const own = (child: Element): Context => (elementFate(child.tagName) === 'kept' ? inside(child, context) : context);
  for (const child of parent.children)
    if (child.type === 'element' && !isForeignRoot(child.tagName)) liftHeadings(child, own(child), repairs, lifted);
  parent.children = parent.children.flatMap((child) => {
    if (child.type !== 'element' || isForeignRoot(child.tagName)) return [child];
    const within = own(child);
    const blocks = child.children.filter((inner): inner is Element => holdsHeading(inner) && !allowed(inner, within));
    if (blocks.length === 0) return [child];
    const heading = blocks[0]!;
    // Said once, where it is first taken out: the same heading may come out of several levels.
    if (!lifted.has(heading))
      repairs.push({
        position: placeOf(heading, [child]),
        message:
          `a heading may not stand inside <${child.tagName}>, which is not closed ` +
          `before it, so every output ends the <${child.tagName}> before the heading ` +
          `and opens it again after; close it there`,
      });
    for (const block of blocks) lifted.add(block);
    const pieces: ElementContent[] = [];
    let run: ElementContent[] = [];
    const flush = (): void => {
      if (run.some((node) => node.type !== 'text' || node.value.trim() !== ''))
        pieces.push({
          ...child,
          properties: pieces.length === 0 ? child.properties : withoutId(child.properties),
          children: run,
        });
      run = [];
    };
    for (const inner of child.children) {
      if (inner.type === 'element' && blocks.includes(inner)) {
        flush();
        pieces.push(inner);
      } else run.push(inner);
    }
    flush();
    return pieces;
  });
}

/**
 * Makes an `<svg>` or `<math>` follow its vocabulary (foreign-content.ts), and returns the words
 * that stood where it does not show them, reported, as text to put after it.
 */
function strayForeignText(root: Element, context: Context, repairs: ContentRepair[]): ElementContent[] {
  const stray = repairForeign(root, (element, within, message) =>
    repairs.push({ position: placeOf(element, [...context.ancestors, ...within]), message }),
  );
  if (stray.length === 0) return [];
  const tag = root.tagName;
  repairs.push({
    position: placeOf(root, context.ancestors),
    message:
      `text directly in <${tag}> ("${shown(stray.join(' '))}") is not shown by ` +
      `a browser, and EPUB forbids it: every output puts it after the <${tag}>; ` +
      `put it in a ${tag === 'svg' ? '<text>' : '<mtext>'} element, or outside`,
  });
  return placeText({ type: 'text', value: ` ${stray.join(' ')}` }, context, repairs);
}

/** A heading, or an element not of phrasing content (or transparent, as `<a>`) that holds one. */
function holdsHeading(node: ElementContent): node is Element {
  if (node.type !== 'element' || isForeignRoot(node.tagName)) return false;
  if (/^h[1-6]$/.test(node.tagName)) return true;
  const meta = metaTable()[node.tagName];
  return (meta?.phrasing !== true || !!meta.transparent) && node.children.some(holdsHeading);
}

function withoutId(properties: Element['properties']): Element['properties'] {
  const { id: _id, ...rest } = properties;
  return rest;
}

function repairChildren(parent: Element, context: Context, repairs: ContentRepair[]): void {
  const children: ElementContent[] = [];
  const queue = [...parent.children];
  while (queue.length > 0) {
    const child = queue.shift()!;
    if (child.type === 'text') {
      children.push(...placeText(child, context, repairs));
      continue;
    }
    if (child.type !== 'element') {
      children.push(child);
      continue;
    }
    const fate = elementFate(child.tagName);
    if (fate === 'dropped') children.push(child);
    else if (fate !== 'kept') {
      // Unwrapped by the policy later: its content stands here.
      repairChildren(child, context, repairs);
      children.push(child);
    } else if (allowed(child, context)) {
      const lacking = lacks(child, context);
      if (lacking) {
        // Without what it must have, the element goes and its content stays (an image, its alt text).
        const alt = child.tagName === 'img' ? String(child.properties.alt ?? '') : undefined;
        repairs.push({ position: placeOf(child, context.ancestors), message: lacking });
        if (alt !== undefined) children.push(...(alt.trim() ? [{ type: 'text', value: alt } as const] : []));
        else queue.unshift(...child.children);
        continue;
      }
      children.push(child);
      if (isForeignRoot(child.tagName)) children.push(...strayForeignText(child, context, repairs));
      else {
        repairChildren(child, inside(child, context), repairs);
        children.push(...strayText(child, context, repairs));
      }
    } else {
      const text = toString(child).trim();
      repairs.push({ position: placeOf(child, context.ancestors), message: notAllowed(child, context, text !== '') });
      if (text !== '' || hasEmbedded(child)) queue.unshift(...child.children);
    }
  }
  parent.children = children;
  if (context.content === parent) putInOrder(parent, repairs);
}

/**
 * Attributes and content that EPUB's schema for XHTML (EPUBCheck's) requires beyond what
 * html-validate's metadata marks required.
 */
const epubRequired: Readonly<Record<string, readonly string[]>> = { optgroup: ['label'] };
/** html-validate counts `<td>` and `<th>` as flow content; the HTML standard uses them only as children of a `<tr>`. */
const cellParents: Readonly<Record<string, readonly string[]>> = { td: ['tr'], th: ['tr'] };
const epubRequiredContent: Readonly<Record<string, readonly string[]>> = { picture: ['img'] };

/**
 * Text in an element that holds only elements and has no element for text (a `<picture>`, a
 * `<colgroup>`): a browser does not show it there, and EPUB forbids it; it is put after the element.
 */
function strayText(element: Element, context: Context, repairs: ContentRepair[]): ElementContent[] {
  const content = permittedContent(element.tagName);
  if (!content || content.length === 0 || textHolders[element.tagName]) return [];
  if (content.some((entry) => typeof entry === 'string' && /@phrasing|@flow|#text/.test(entry))) return [];
  const stray = element.children.filter((child) => child.type === 'text' && child.value.trim() !== '');
  if (stray.length === 0) return [];
  element.children = element.children.filter((child) => !stray.includes(child));
  const words = stray.map((child) => (child as { value: string }).value.trim()).join(' ');
  repairs.push({
    position: placeOf(element, context.ancestors),
    message:
      `text "${shown(words)}" stands inside <${element.tagName}>, which holds ` +
      `only elements; every output puts it after the <${element.tagName}>`,
  });
  return placeText({ type: 'text', value: ` ${words}` }, context, repairs);
}

/**
 * What an element lacks that it must have, said for a message: a required attribute (`<img>`'s
 * `src`), or required content (`<details>`'s `<summary>`). Undefined when it has all.
 */
function lacks(element: Element, context: Context): string | undefined {
  const meta = metaTable()[element.tagName];
  const tag = element.tagName;
  const required = [
    ...Object.entries(meta?.attributes ?? {}).flatMap(([name, rule]) => (rule.required ? [name] : [])),
    ...(epubRequired[tag] ?? []),
  ];
  const attribute = required.find((name) => !shim(element, context).hasAttribute(name));
  if (attribute && tag === 'img')
    return `<img> has no ${attribute}, so every output shows its alt text instead; add ${attribute}="…"`;
  if (attribute)
    return (
      `<${tag}> must have ${attribute}, so every output keeps its content without ` +
      `the <${tag}> tag; add ${attribute}="…"`
    );
  const inner = inside(element, context);
  const content = [...(meta?.requiredContent ?? []), ...(epubRequiredContent[tag] ?? [])].find(
    (entry) => !element.children.some((child) => child.type === 'element' && matches(child, entry, inner)),
  );
  if (content) {
    const what = content.startsWith('@') ? `${content.slice(1)} content` : `<${content}>`;
    return `<${tag}> must hold ${what}, so every output keeps its content without the <${tag}> tag; add ${what} to it`;
  }
  const sequence = sequences[tag];
  if (!sequence) return undefined;
  // As the outputs will have it: an element the policy unwraps (`<rb>`) stands for its content.
  const asOutput = (children: ElementContent[]): ElementContent[] =>
    children.flatMap((child) => {
      if (child.type !== 'element' || elementFate(child.tagName) === 'kept') return [child];
      return elementFate(child.tagName) === 'dropped' ? [] : asOutput(child.children);
    });
  const spelt = asOutput(element.children)
    .filter((child) =>
      child.type === 'text' ? child.value.trim() !== '' : child.type === 'element' && !matches(child, '@script', inner),
    )
    .map(sequence.letter)
    .join('');
  if (sequence.pattern.test(spelt)) return undefined;
  return (
    `<${tag}> must hold ${sequence.what}, so every output keeps its content ` +
    `without the <${tag}> tag; ${sequence.fix}`
  );
}

/**
 * Content models that the HTML standard gives as a sequence (EPUB's schema checks them): the
 * children, one letter each, must spell what the pattern allows. Spaces and script-supporting
 * elements do not count.
 */
const sequences: Readonly<
  Record<string, { letter: (child: ElementContent) => string; pattern: RegExp; what: string; fix: string }>
> = {
  // Groups of terms then descriptions, or only <div>s that hold such groups.
  dl: {
    letter: (child) => (child.type === 'element' ? ({ dt: 't', dd: 'd', div: 'v' }[child.tagName] ?? 'x') : 'x'),
    pattern: /^((t+d+)*|v+)$/,
    what: 'groups of <dt> followed by <dd>',
    fix: 'put a <dt> before each first <dd>',
  },
  // Base text then its annotation: <rt> (or <rtc>), or <rt> between two <rp>.
  ruby: {
    letter: (child) =>
      child.type !== 'element' ? 'c' : /^(rt|rtc)$/.test(child.tagName) ? 't' : child.tagName === 'rp' ? 'p' : 'c',
    pattern: /^(c+(t+|p(tp)+))+$/,
    what: 'its text followed by <rt>',
    fix: 'add <rt> after the text it annotates',
  },
};

/**
 * Where an element stands in the chapter: an element the HTML parser made up (the `<tbody>` of a
 * `<tr>`, a copy of a misnested `<b>`) has no place of its own, so that of its first child that
 * has one, or of its nearest ancestor, is used.
 */
function placeOf(element: Element, ancestors: readonly Element[]): Position | undefined {
  const within = (node: ElementContent): Position | undefined =>
    node.position ?? (node.type === 'element' ? node.children.map(within).find(Boolean) : undefined);
  return within(element) ?? ancestors.findLast((ancestor) => ancestor.position)?.position;
}

function inside(element: Element, context: Context): Context {
  const meta = metaTable()[element.tagName];
  const excludes = (meta?.permittedDescendants ?? []).flatMap((entry) =>
    typeof entry === 'string' ? [] : [entry.exclude].flat(),
  );
  return {
    content: meta?.transparent ? context.content : element,
    excludes: [...context.excludes, ...excludes],
    ancestors: [...context.ancestors, element],
  };
}

/**
 * Whether the element may stand here: its parent's permitted content, the ancestors' exclusions, its own permitted
 * parents and ancestors.
 */
function allowed(element: Element, context: Context): boolean {
  const meta = metaTable()[element.tagName];
  if (!meta) return true;
  const parent = context.ancestors.at(-1);
  const content = context.content && permittedContent(context.content.tagName);
  if (content) {
    const permitted = content.some(
      (entry) => typeof entry === 'string' && matches(element, entry.replace(/\?$/, ''), context),
    );
    const excluded = content.some(
      (entry) => typeof entry !== 'string' && [entry.exclude].flat().some((e) => matches(element, e, context)),
    );
    if (!permitted || excluded) return false;
  }
  if (context.excludes.some((entry) => matches(element, entry, context))) return false;
  const parents = meta.permittedParent ?? cellParents[element.tagName];
  // At the top of a chapter the parent is the page's body (or its section).
  if (parents && !parents.includes(parent?.tagName ?? 'body')) return false;
  if (meta.requiredAncestors && !meta.requiredAncestors.some((selector) => hasAncestors(selector, context.ancestors)))
    return false;
  return true;
}

/**
 * Where EPUB 3's schema for XHTML (EPUBCheck's, whose HTML dates from HTML 5.0) permits less than
 * the living standard that html-validate follows: no `<hr>` or `<button>` in a `<select>`, only
 * text in an `<option>` and an `<rp>`, only headings in an `<hgroup>`.
 */
const epubContent: Readonly<Record<string, Entry[]>> = {
  select: ['@script', 'option', 'optgroup'],
  option: [],
  rp: [],
  hgroup: ['@heading', '@script'],
};

function permittedContent(tagName: string): Entry[] | undefined {
  return epubContent[tagName] ?? metaTable()[tagName]?.permittedContent;
}

/** html-validate's names for the categories that its content models write otherwise. */
const categories: Readonly<Record<string, string>> = { '@meta': 'metadata', '@script': 'scriptSupporting' };

/** An entry of a content model: a tag name, or a category (`@flow`, `@phrasing`, `@interactive`, …). */
function matches(element: Element, entry: string, context: Context): boolean {
  if (!entry.startsWith('@')) return entry.split(/,\s*/).includes(element.tagName);
  // EPUB's schema counts every <a> as interactive, with or without href (no <a> in a <button>).
  if (entry === '@interactive' && element.tagName === 'a') return true;
  const category = categories[entry] ?? entry.slice(1);
  const test = metaTable()[element.tagName]?.[category] as Test | undefined;
  return typeof test === 'function' ? test(shim(element, context)) : test === true;
}

/** What html-validate's category tests ask of an element, answered from the hast element. */
function shim(element: Element, context: Context): NodeShim {
  const value = (name: string): unknown => element.properties[find(html, name).property];
  return {
    hasAttribute: (name) => value(name) !== undefined && value(name) !== null && value(name) !== false,
    getAttribute: (name) => {
      const v = value(name);
      return v === undefined || v === null || v === false
        ? null
        : Array.isArray(v)
          ? v.join(' ')
          : String(v as string | number | boolean);
    },
    closest: (selector) => context.ancestors.some((a) => selector.split(/,\s*/).includes(a.tagName)),
  };
}

/** `dl > div > dd`: the nearest ancestors, from the parent up, are these. */
function hasAncestors(selector: string, ancestors: readonly Element[]): boolean {
  const names = selector
    .split(/\s*>\s*/)
    .slice(0, -1)
    .reverse();
  return names.every((name, index) => ancestors.at(-1 - index)?.tagName === name);
}

/** Whether an element holds embedded content (an image, a picture, an SVG…): content without text. */
export function hasEmbedded(element: Element): boolean {
  return element.children.some(
    (c) => c.type === 'element' && (metaTable()[c.tagName]?.embedded === true || hasEmbedded(c)),
  );
}

/** Elements that hold only elements, and the element that text in them is put in. */
const textHolders: Readonly<Record<string, string[]>> = {
  ul: ['li'],
  ol: ['li'],
  menu: ['li'],
  dl: ['dd'],
  tr: ['td'],
  tbody: ['tr', 'td'],
  thead: ['tr', 'td'],
  tfoot: ['tr', 'td'],
  select: ['option'],
  optgroup: ['option'],
  datalist: ['option'],
};

function placeText(
  text: Extract<ElementContent, { type: 'text' }>,
  context: Context,
  repairs: ContentRepair[],
): ElementContent[] {
  const holder = context.content && textHolders[context.content.tagName];
  if (!holder || text.value.trim() === '' || context.content !== context.ancestors.at(-1)) return [text];
  const tag = context.content!.tagName;
  repairs.push({
    position: text.position,
    message:
      `text "${shown(text.value)}" stands inside <${tag}>, which holds only elements; ` +
      `every output puts it in ${holder.map((h) => `<${h}>`).join('')}`,
  });
  return [
    holder.reduceRight<ElementContent>(
      (inner, name) => ({ type: 'element', tagName: name, properties: {}, children: [inner] }),
      text,
    ),
  ];
}

/**
 * Children out of the element's permitted order (a `<figcaption>` in the middle of a `<figure>`): empty ones go, the
 * rest are sorted into it.
 */
function putInOrder(parent: Element, repairs: ContentRepair[]): void {
  const order = metaTable()[parent.tagName]?.permittedOrder;
  if (!order) return;
  const context: Context = { content: parent, excludes: [], ancestors: [parent] };
  const rank = (child: Element, from: number): number =>
    order.findIndex((entry, i) => i >= from && matches(child, entry, context));
  let current = 0;
  let sorted = true;
  const kept = parent.children.filter((child) => {
    if (child.type !== 'element') return true;
    const at = rank(child, current);
    if (at >= 0) {
      current = at;
      return true;
    }
    if (toString(child).trim() === '' && !hasEmbedded(child) && metaTable()[child.tagName]?.embedded !== true) {
      repairs.push({
        position: placeOf(child, [parent]),
        message:
          `<${child.tagName}> is out of the order that <${parent.tagName}> permits ` +
          `(${order.join(', ')}); every output leaves it out, as it holds no text`,
      });
      return false;
    }
    sorted = false;
    return true;
  });
  parent.children = kept;
  if (sorted) return;
  const first = (node: ElementContent): number => (node.type === 'element' ? Math.max(rank(node, 0), 0) : 0);
  repairs.push({
    position: placeOf(parent, []),
    message:
      `the children of this <${parent.tagName}> are out of the order it permits ` +
      `(${order.join(', ')}); every output puts them in that order`,
  });
  parent.children = kept
    .map((node, index) => ({ node, index }))
    .sort((a, b) => first(a.node) - first(b.node) || a.index - b.index)
    .map((x) => x.node);
}

function notAllowed(element: Element, context: Context, text: boolean): string {
  const where = context.ancestors.at(-1)?.tagName;
  const place = where ? `inside <${where}>` : 'here';
  const fate = text
    ? `drops the <${element.tagName}> tag and keeps its content`
    : `leaves the empty <${element.tagName}> out`;
  return (
    `<${element.tagName}> is not allowed ${place} by HTML's content model, ` +
    `so every output ${fate}; move it or change the markup`
  );
}
