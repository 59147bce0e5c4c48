import type { ElementContent, Parents, Root, RootContent } from 'hast';
import { htmlVoidElements } from 'html-void-elements';
import type { Raw } from 'mdast-util-to-hast';
import { defaultTreeAdapter, html as namespaces, parseFragment, serialize, type DefaultTreeAdapterTypes } from 'parse5';
import type { Point, Position } from 'unist';

type ParentNode = DefaultTreeAdapterTypes.ParentNode;

/** Raw HTML is read as in a page's body, as the chapter's parse reads it (a fragment's default is a `<template>`). */
const read = (html: string): DefaultTreeAdapterTypes.DocumentFragment =>
  parseFragment(defaultTreeAdapter.createElement('body', namespaces.NS.HTML, []), html, { sourceCodeLocationInfo: true, scriptingEnabled: false });

/**
 * Elements that, left open, take in the rest of the chapter where an element left open elsewhere
 * (a `<div>` around Markdown, as READMEs do) only holds it: those whose content the HTML tokenizer
 * reads as text up to their own end tag (raw text and RCDATA) and `<plaintext>`, which has none;
 * `<pre>` and `<noscript>` (read as HTML, as the parse runs without scripting); `<select>`, whose
 * parser drops other tags; `<template>`, whose content is not shown; and `<svg>` and `<math>`,
 * where HTML stands only in a few places.
 */
const swallowing = new Set([
  ...['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext'],
  ...['pre', 'noscript', 'select', 'template', 'svg', 'math'],
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
    if (!last || !('tagName' in last) || last.sourceCodeLocation?.endTag || htmlVoidElements.includes(last.tagName)) break;
    open.push(last.tagName);
    node = (last as Partial<DefaultTreeAdapterTypes.Template>).content ?? last;
  }
  return open;
}

const probe = '<div data-book-probe></div>';

/**
 * Where the Markdown after `html` would go, found by what the parser makes of a block put after
 * it: the elements around it, or undefined when it would not be a block at all (read as text, or
 * dropped, as in a `<select>`).
 */
function around(html: string): string[] | undefined {
  const find = (node: ParentNode, path: string[]): string[] | undefined => {
    for (const child of node.childNodes) {
      if (!('tagName' in child)) continue;
      if (child.attrs.some((attribute) => attribute.name === 'data-book-probe')) return path;
      const inner = (child as Partial<DefaultTreeAdapterTypes.Template>).content ?? child;
      const found = find(inner, [...path, child.tagName]);
      if (found) return found;
    }
    return undefined;
  };
  return find(read(html + probe), []);
}

/** The first element of `names` that would take in the rest of the chapter, or -1. */
const firstSwallowing = (names: readonly string[]): number => names.findIndex((name) => swallowing.has(name.toLowerCase()));

/** The end tag that closes an open element of that kind: `<plaintext>` has none, so it becomes `<xmp>`. */
export function closingTag(name: string): string {
  return name === 'plaintext' ? '</xmp>' : `</${name}>`;
}

/**
 * Raw HTML in a hast tree before it is parsed: each HTML block, and the inline HTML of each
 * paragraph (or other inline parent), as the runs the check above reads. Block parents are those
 * Markdown puts HTML blocks in.
 */
export function rawRuns(tree: Parents, each: (parent: Parents, indexes: number[], block: boolean) => void): void {
  const block = tree.type === 'root' || (tree.type === 'element' && /^(li|blockquote|section)$/.test(tree.tagName));
  const indexes = tree.children.flatMap((child: RootContent, index) => (child.type === 'raw' ? [index] : []));
  if (block) for (const index of indexes) each(tree, [index], true);
  else if (indexes.length > 0) each(tree, indexes, false);
  for (const child of tree.children) if ('children' in child) rawRuns(child, each);
}

/** An element left open in raw HTML that the parse closed at the end of its block. */
export interface ClosedRawText {
  readonly name: string;
  readonly position: Position | undefined;
  /** Where it was closed. */
  readonly end: Point | undefined;
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
    const html = (): string => raws.map((node) => node.value).join('');
    const after = around(html());
    if (after && firstSwallowing(after) === -1) return;
    // The element that takes it in: around where the Markdown would go, or (read as its text) the last left open.
    const open = openAtEnd(html());
    const taker = after ? after[firstSwallowing(after)]! : (open[firstSwallowing(open)] ?? open.at(-1) ?? 'plaintext');
    const name = taker.toLowerCase();
    const tag = new RegExp(`<${name}[\\s/>]`, 'i');
    const opener = raws.find((node) => tag.test(node.value)) ?? raws[0]!;
    closed.push({ name, position: opener.position, end: block ? raws[0]!.position?.end : (parent.position?.end ?? raws.at(-1)!.position?.end) });
    // <plaintext> has no end tag: it is read as <xmp>, its closable twin.
    for (const node of raws) node.value = node.value.replace(/<plaintext(?=[\s/>])/gi, '<xmp');
    const chain = openAtEnd(html());
    const from = chain.findIndex((n) => n.toLowerCase() === (name === 'plaintext' ? 'xmp' : name));
    const closing = chain.slice(Math.max(from, 0)).toReversed().map(closingTag).join('');
    const closes = (value: string): boolean => {
      const place = around(value);
      return place !== undefined && firstSwallowing(place) === -1;
    };
    // Where its end tags cannot close it (HTML in an SVG `<foreignObject>`, a `<plaintext>` put
    // before a table), the block is written again as the parser reads it, whole and closed.
    if (block && !closes(html() + closing)) raws[0]!.value = serialize(read(html()));
    else if (block) raws[0]!.value += closing;
    else parent.children.push({ type: 'raw', value: closing } as Raw as ElementContent);
  });
  return closed;
}
