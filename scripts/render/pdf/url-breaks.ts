import type { Element, ElementContent } from 'hast';

/**
 * Places where a long web address in the print's prose may break: after each `/` (and the `//`
 * of its scheme as a whole), and before `?`, `#` and `&`, as style guides break a URL across
 * lines. Each is a `<wbr>`, which adds no character to the PDF's text. Between them a piece does
 * not break at a hyphen, which a reader would take for one the line added: it is a span of
 * `urlPiece` (`white-space: nowrap`), unless it is longer than `longPiece` characters, which
 * may break anywhere where it must (`overflow-wrap` in print.css) rather than run past the margin.
 */
const address = /\b(?:https?:\/\/|www\.)[^\s<>"]+/g;

/** The class of a web address's piece that does not break. */
export const urlPiece = 'url-piece';
const longPiece = 30;

/** Elements whose text keeps its own breaks: code, formulas, headings (the outline's text). */
const kept = new Set('h1 h2 h3 h4 h5 h6 code pre kbd samp math svg script style'.split(' '));

/** A copy of the elements with `<wbr>` in the web addresses of their text. */
export function breakUrls(elements: readonly Element[]): Element[] {
  const visit = (node: ElementContent): ElementContent[] => {
    if (node.type === 'text') return splitText(node.value);
    if (node.type !== 'element' || kept.has(node.tagName)) return [node];
    return [{ ...node, children: node.children.flatMap(visit) }];
  };
  return elements.map((element) => ({ ...element, children: element.children.flatMap(visit) }));
}

/** A text's nodes, with a `<wbr>` at each break place of each web address in it. */
export function splitText(value: string): ElementContent[] {
  const out: ElementContent[] = [];
  let from = 0;
  const push = (value: string): void => {
    if (value) out.push(text(value));
  };
  for (const match of value.matchAll(address)) {
    const start = match.index;
    push(value.slice(from, start));
    match[0].split(/(?<=[^/]\/(?!\/))|(?<=:\/\/)|(?=[?#&])/).forEach((piece, index) => {
      if (index > 0) out.push(wbr());
      if (piece.length > longPiece || !/[-‐]/.test(piece)) push(piece);
      else
        out.push({ type: 'element', tagName: 'span', properties: { className: [urlPiece] }, children: [text(piece)] });
    });
    from = start + match[0].length;
  }
  push(value.slice(from));
  return out.length > 0 ? out : [text(value)];
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

function wbr(): Element {
  return { type: 'element', tagName: 'wbr', properties: {}, children: [] };
}
