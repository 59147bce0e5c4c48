import type { ElementContent, Parents, Root, RootContent } from 'hast';
import type { Raw } from 'mdast-util-to-hast';
import type { Point, Position } from 'unist';

/**
 * Elements whose content the HTML tokenizer reads as text up to their own end tag (raw text and
 * RCDATA), and `<plaintext>`, which has no end tag at all: left open, any of them would turn the
 * rest of the chapter into its text.
 */
const rawText = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
/**
 * Elements read as HTML that would take in the headings after them all the same: `<pre>` and
 * `<noscript>` (read as HTML, as the parse runs without scripting), `<select>` (whose parser drops
 * other tags), `<template>` (whose content is not shown), and `<svg>` and `<math>` (where HTML
 * stands only in a few places).
 */
const containers = new Set(['pre', 'noscript', 'select', 'template', 'svg', 'math']);
/** Start tags that end SVG and MathML content, from the HTML standard's rules for foreign content. */
const breakout = new Set(
  ('b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li listing menu meta nobr ol p pre ' +
    'ruby s small span strong strike sub sup table tt u ul var').split(' '),
);

/**
 * The elements of those kinds that a run of raw HTML leaves open, outermost first, read in order
 * as the HTML tokenizer would: inside a raw-text element only its own end tag counts, and inside
 * `<svg>` or `<math>` only their own tags, the tags that end them, and self-closing tags.
 */
export function unclosedElements(values: readonly string[]): string[] {
  const open: string[] = [];
  const foreign = (): boolean => open.includes('svg') || open.includes('math');
  for (const value of values) {
    let at = 0;
    while (at < value.length) {
      const top = open.at(-1);
      if (top && rawText.has(top)) {
        if (top === 'plaintext') return open;
        // An end tag ends only once complete: `</script ` with no `>` yet goes on.
        const end = new RegExp(`</${top}(?:[\\t\\n\\f\\r /][^>]*)?>`, 'ig');
        end.lastIndex = at;
        if (!end.exec(value)) break;
        at = end.lastIndex;
        open.pop();
        continue;
      }
      const tag = /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][^\s/>]*)[^>]*>/g;
      tag.lastIndex = at;
      const match = tag.exec(value);
      if (!match) break;
      at = tag.lastIndex;
      const name = match[2]?.toLowerCase();
      if (!name) continue;
      if (match[1]) {
        const index = open.lastIndexOf(name);
        if (index !== -1) open.length = index;
        continue;
      }
      if (foreign()) {
        if (breakout.has(name)) while (open.length > 0 && foreign()) open.pop();
        else if ((name === 'svg' || name === 'math') && !match[0].endsWith('/>')) open.push(name);
        if (foreign()) continue;
      }
      // `<svg/>` and `<math/>` close themselves, as foreign elements may.
      if ((name === 'svg' || name === 'math') && match[0].endsWith('/>')) continue;
      if (rawText.has(name) || containers.has(name)) open.push(name);
    }
  }
  return open;
}

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
 * closed in its own HTML block (or, inline, its paragraph) is closed there, before the raw HTML
 * is parsed, so that the Markdown after it stays Markdown. Returns the outermost one of each run.
 */
export function closeRawText(tree: Root): ClosedRawText[] {
  const closed: ClosedRawText[] = [];
  rawRuns(tree, (parent, indexes, block) => {
    const raws = indexes.map((index) => parent.children[index] as Raw);
    const open = unclosedElements(raws.map((node) => node.value));
    if (open.length === 0) return;
    const name = open[0]!;
    const opener = raws.find((node) => unclosedElements([node.value])[0] === name) ?? raws[0]!;
    closed.push({ name, position: opener.position, end: block ? raws[0]!.position?.end : (parent.position?.end ?? raws.at(-1)!.position?.end) });
    // <plaintext> has no end tag: it is read as <xmp>, its closable twin.
    if (open.includes('plaintext')) {
      const holder = raws.find((node) => /<plaintext/i.test(node.value));
      if (holder) holder.value = holder.value.replace(/<plaintext/i, '<xmp');
    }
    const closing = open.toReversed().map(closingTag).join('');
    if (block) raws[0]!.value += closing;
    else parent.children.push({ type: 'raw', value: closing } as Raw as ElementContent);
  });
  return closed;
}
