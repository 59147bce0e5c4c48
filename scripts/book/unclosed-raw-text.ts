import type { ElementContent, Parents, Root, RootContent } from 'hast';
import { htmlVoidElements } from 'html-void-elements';
import type { Raw } from 'mdast-util-to-hast';
import { defaultTreeAdapter, html as namespaces, parseFragment, serialize, type DefaultTreeAdapterTypes } from 'parse5';
import type { Point, Position } from 'unist';
import { firstWithoutBlocks } from './content-model.js';

type ParentNode = DefaultTreeAdapterTypes.ParentNode;

/** Raw HTML is read as in a page's body, as the chapter's parse reads it (a fragment's default is a `<template>`). */
const read = (html: string): DefaultTreeAdapterTypes.DocumentFragment =>
  parseFragment(defaultTreeAdapter.createElement('body', namespaces.NS.HTML, []), html, {
    sourceCodeLocationInfo: true,
    scriptingEnabled: false,
  });

/**
 * Elements that, left open, take in the rest of the chapter where an element left open elsewhere
 * (a `<div>` around Markdown, as READMEs do) only holds it: those whose content the HTML tokenizer
 * reads as text up to their own end tag (raw text and RCDATA) and `<plaintext>`, which has none;
 * `<pre>` and `<noscript>` (read as HTML, as the parse runs without scripting); `<select>`, whose
 * parser drops other tags; `<template>`, whose content is not shown; and `<svg>` and `<math>`,
 * where HTML stands only in a few places. So does an element with no place for a block (a
 * `<button>` left open), and a table, which moves what follows it before itself.
 */
const swallowing = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
  'pre',
  'noscript',
  'select',
  'template',
  'svg',
  'math',
]);

/**
 * What the HTML parser (parse5, as the chapter's own parse) leaves open at the end of `html`,
 * outermost first: an element whose end tag it has not seen, and the open elements inside it.
 */
function openAtEnd(html: string): string[] {
  const open: string[] = [];
  let node: ParentNode = read(html);
  for (;;) {
    const last: DefaultTreeAdapterTypes.ChildNode | undefined = node.childNodes.at(-1);
    if (!last || !('tagName' in last) || last.sourceCodeLocation?.endTag || htmlVoidElements.includes(last.tagName))
      break;
    open.push(last.tagName);
    node = (last as Partial<DefaultTreeAdapterTypes.Template>).content ?? last;
  }
  return open;
}

const probe = '<div data-book-probe></div>';

/** Where a block put after raw HTML goes: the elements around it, and whether it comes last, after all the HTML. */
interface Place {
  readonly path: string[];
  /**
   * False when the parser puts it before content it has already read: a table left open moves
   * what follows it in front of it (foster parenting), and so takes in the rest of the chapter.
   */
  readonly last: boolean;
}

/**
 * Where the Markdown after `html` would go, found by what the parser makes of a block put after
 * it, or undefined when it would not be a block at all (read as text, or dropped, as in a `<select>`).
 */
function around(html: string): Place | undefined {
  const isProbe = (node: DefaultTreeAdapterTypes.ChildNode): boolean =>
    'tagName' in node && node.attrs.some((attribute) => attribute.name === 'data-book-probe');
  const contentOf = (node: ParentNode): ParentNode =>
    (node as Partial<DefaultTreeAdapterTypes.Template>).content ?? node;
  const find = (node: ParentNode, path: string[]): Place | undefined => {
    for (const [index, child] of node.childNodes.entries()) {
      if (!('tagName' in child)) continue;
      if (isProbe(child)) return { path, last: index === node.childNodes.length - 1 };
      const found = find(contentOf(child), [...path, child.tagName]);
      if (found) return { path: found.path, last: found.last && index === node.childNodes.length - 1 };
    }
    return undefined;
  };
  return find(read(html + probe), []);
}

/** Whether the Markdown after `html` stays Markdown, in its place: not taken in by an element, not moved before one. */
const staysOut = (place: Place | undefined): boolean =>
  place !== undefined && place.last && firstTaking(place.path) === -1;

/** The first element of `names` whose content is not read as HTML, or is not shown, or -1. */
const firstSwallowing = (names: readonly string[]): number =>
  names.findIndex((name) => swallowing.has(name.toLowerCase()));

/**
 * The first element of `names` that would take in the rest of the chapter: one of those, or one that holds no blocks.
 * -1 if none.
 */
function firstTaking(names: readonly string[]): number {
  const found = [firstSwallowing(names), firstWithoutBlocks(names)].filter((index) => index >= 0);
  return found.length > 0 ? Math.min(...found) : -1;
}

/**
 * The element that would take in what follows: the first around where it would go, the table
 * that would move it before itself, or (where it would be read as text) the last left open.
 */
function taker(after: Place | undefined, within: number, open: readonly string[]): string {
  if (after && within >= 0) return after.path[within]!;
  if (after) return open.find((name) => name === 'table') ?? open[0] ?? 'table';
  return open[firstSwallowing(open)] ?? open.at(-1) ?? 'plaintext';
}

/** Whether the HTML has a start tag of that name. */
const opens = (name: string, html: string): boolean => new RegExp(`<${name}[\\s/>]`, 'i').test(html);

/** The end tag that closes an open element of that kind: `<plaintext>` has none, so it becomes `<xmp>`. */
function closingTag(name: string): string {
  return name === 'plaintext' ? '</xmp>' : `</${name}>`;
}

/**
 * Raw HTML in a hast tree before it is parsed, as the runs the check above reads: the HTML blocks
 * that follow one another with no Markdown between them (a `<table>`, its rows and `</table>` in
 * blocks of their own are one table), and the inline HTML of each paragraph (or other inline
 * parent). Block parents are those Markdown puts HTML blocks in.
 */
function rawRuns(tree: Parents, each: (parent: Parents, indexes: number[], block: boolean) => void): void {
  // A tight list's item holds its text itself, not in a paragraph: its HTML is inline then.
  const inline = tree.children.some((child: RootContent) => child.type === 'text' && child.value.trim() !== '');
  const block =
    !inline && (tree.type === 'root' || (tree.type === 'element' && /^(li|blockquote|section)$/.test(tree.tagName)));
  const indexes = tree.children.flatMap((child: RootContent, index) => (child.type === 'raw' ? [index] : []));
  if (block) {
    const between = (from: number, to: number): boolean =>
      tree.children.slice(from + 1, to).every((child) => child.type === 'text' && child.value.trim() === '');
    let run: number[] = [];
    for (const index of indexes) {
      if (run.length > 0 && !between(run.at(-1)!, index)) {
        each(tree, run, true);
        run = [];
      }
      run.push(index);
    }
    if (run.length > 0) each(tree, run, true);
  } else if (indexes.length > 0) each(tree, indexes, false);
  for (const child of tree.children) if ('children' in child) rawRuns(child, each);
}

/** An element left open in raw HTML that the parse closed at the end of its block. */
export interface ClosedRawText {
  readonly name: string;
  readonly position: Position | undefined;
  /** Where it was closed. */
  readonly end: Point | undefined;
  /** The end tags to write: its own, and those of what the author left open inside it (`</button></span>`). */
  readonly closing: string;
  /** A table, which would move what follows before itself rather than take it in. */
  readonly moves: boolean;
}

/**
 * An element that would take in what follows (`<textarea>`, `<script>`, `<svg>`…) and is not
 * closed in its own HTML block (or, inline, its paragraph) is closed there, before the chapter's
 * raw HTML is parsed, so that the Markdown after it stays Markdown: with its end tag and those of
 * the elements left open inside it, or, where end tags cannot close it (HTML inside an SVG
 * `<foreignObject>`), by writing the block again as the parser reads it, whole. Where the rest
 * would go is asked of the HTML parser itself. Returns the element that would take it in, for each run.
 */
export function closeRawText(tree: Root): ClosedRawText[] {
  const closed: ClosedRawText[] = [];
  rawRuns(tree, (parent, indexes, block) => {
    const raws = indexes.map((index) => parent.children[index] as Raw);
    if (!block) {
      const place = around(joined(raws));
      if (!staysOut(place)) closed.push(closeRun(parent, raws, place, false));
      return;
    }
    // Block by block: an element whose content is text (a `<textarea>`) ends with its own block;
    // a table or a list may go on in the HTML blocks right after it, and ends where they do.
    let start = 0;
    for (let end = 0; end < raws.length; end++) {
      const run = raws.slice(start, end + 1);
      const place = around(joined(run));
      if (staysOut(place)) start = end + 1;
      else if (place === undefined || firstSwallowing(place.path) >= 0 || end === raws.length - 1) {
        closed.push(closeRun(parent, run, place, true));
        start = end + 1;
      }
    }
  });
  return closed;
}

const joined = (raws: readonly Raw[]): string => raws.map((node) => node.value).join('');

/** Closes what a run of raw HTML leaves open, where `after` says it would take in what follows. */
function closeRun(parent: Parents, raws: Raw[], after: Place | undefined, block: boolean): ClosedRawText {
  const html = (): string => joined(raws);
  const within = after ? firstTaking(after.path) : -1;
  const name = taker(after, within, openAtEnd(html())).toLowerCase();
  const opener = raws.findLast((node) => opens(name, node.value)) ?? raws[0]!;
  // <plaintext> has no end tag: it is read as <xmp>, its closable twin.
  for (const node of raws) node.value = node.value.replace(/<plaintext(?=[\s/>])/gi, '<xmp');
  const chain = openAtEnd(html());
  const from = chain.findIndex((n) => n.toLowerCase() === (name === 'plaintext' ? 'xmp' : name));
  const left = chain.slice(Math.max(from, 0)).toReversed();
  const closing = left.map(closingTag).join('');
  // What the author is told to write: the end tags of the elements they wrote (not a `<tbody>` the parser put in).
  const written = left.filter((n) => opens(n, html()));
  const end = block ? raws.at(-1)!.position?.end : (parent.position?.end ?? raws.at(-1)!.position?.end);
  if (!block) parent.children.push({ type: 'raw', value: closing } as Raw as ElementContent);
  // Where its end tags cannot close it (HTML in an SVG `<foreignObject>`, a `<plaintext>` put
  // before a table), the blocks are written again as the parser reads them, whole and closed.
  else if (staysOut(around(html() + closing))) raws.at(-1)!.value += closing;
  else {
    const whole = serialize(read(html()));
    raws.forEach((node, index) => void (node.value = index === 0 ? whole : ''));
  }
  return {
    name,
    closing: written.map(closingTag).join('') || closingTag(name),
    position: opener.position,
    moves: within < 0 && after !== undefined,
    end,
  };
}
