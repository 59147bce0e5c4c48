import type { Root, RootContent } from 'mdast';
import type { Point } from 'unist';

/**
 * CommonMark's HTML blocks of kinds 1 to 5 (`<script>`, `<pre>`, `<style>`, `<textarea>`,
 * comments, `<?…?>`, `<!…>`, CDATA) end only at their end marker: never closed, one takes the
 * rest of the chapter, headings and all. Each opener with the marker that ends it.
 */
const kinds: readonly { opener: RegExp; end: RegExp; close: string; short?: boolean }[] = [
  // An element's end tag is written, and reported, by the raw-text closing (unclosed-raw-text.ts).
  ...['script', 'pre', 'style', 'textarea'].map((name) => ({
    opener: new RegExp(`^ {0,3}<${name}(?:[\\s>]|$)`, 'i'),
    end: new RegExp(`</${name}>`, 'i'),
    close: '',
  })),
  { opener: /^ {0,3}<!--/, end: /-->/, close: '-->' },
  // Processing instructions, declarations and CDATA never hold paragraphs: a blank line ends them too.
  { opener: /^ {0,3}<\?/, end: /\?>/, close: '?>', short: true },
  { opener: /^ {0,3}<![A-Za-z]/, end: />/, close: '>', short: true },
  { opener: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/, close: ']]>', short: true },
];

/** An HTML block that ran to the end of the chapter unclosed, cut at its first blank line. */
export interface CutBlock {
  /** The block's index among the tree's children. */
  readonly index: number;
  /** The marker written to end it (`-->`, `?>`…); none for an element, closed once parsed. */
  readonly close: string;
  /** Where the Markdown after the cut starts (a line start) in the chapter's text. */
  readonly rest: Point & { offset: number };
  /** Where the block ended before the cut. */
  readonly end: number;
}

/**
 * Cuts the first such HTML block (from the `from`th block on) that would take in what follows:
 * never closed, or a `<?…`, `<!…` or CDATA block across a blank line; it ends at its first blank
 * line, as an HTML block of the other kinds does. What the block held after it is to be read as
 * Markdown again (the caller parses it and puts it after). A block cut is given its end marker.
 */
export function cutUnclosedHtmlBlock(tree: Root, from = 0): CutBlock | undefined {
  for (let index = from; index < tree.children.length; index++) {
    const cut = cutBlock(tree.children[index]!);
    if (cut) return { index, ...cut };
  }
  return undefined;
}

function cutBlock(last: RootContent): Omit<CutBlock, 'index'> | undefined {
  if (last.type !== 'html' || !last.position || last.position.start.offset === undefined) return undefined;
  const end = last.position.end.offset ?? last.position.start.offset + last.value.length;
  const kind = kinds.find((k) => k.opener.test(last.value));
  if (!kind || (!kind.short && kind.end.test(last.value))) return undefined;
  const blank = /\r?\n[ \t]*\r?\n/.exec(last.value);
  if (!blank) return undefined;
  const kept = last.value.slice(0, blank.index);
  const lines = kept.split(/\r?\n/).length;
  const restOffset = last.position.start.offset + blank.index + blank[0].length;
  const restLine = last.position.start.line + lines + 1;
  last.value = kept + kind.close;
  last.position.end = {
    line: last.position.start.line + lines - 1,
    column: (kept.split(/\r?\n/).at(-1)?.length ?? 0) + 1,
    offset: last.position.start.offset + kept.length,
  };
  return { close: kind.close, rest: { line: restLine, column: 1, offset: restOffset }, end };
}

/** Moves the positions of a tree parsed from a slice of the text to where the slice stands. */
export function shiftPositions(node: RootContent | Root, by: Point & { offset: number }): void {
  const move = (point: Point): void => {
    if (point.line === 1) point.column += by.column - 1;
    point.line += by.line - 1;
    if (point.offset !== undefined) point.offset += by.offset;
  };
  if (node.position) {
    move(node.position.start);
    move(node.position.end);
  }
  if ('children' in node) for (const child of node.children) shiftPositions(child, by);
}
