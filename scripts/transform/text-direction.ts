import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';

/**
 * Blocks that take the direction of their own text when it differs from the book's (a list item or a cell keeps its
 * list's, so that its marker stays in the margin).
 */
const blocks = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'dt',
  'dd',
  'figcaption',
  'summary',
  'caption',
]);
/** Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, …, and their presentation forms). */
const rtl = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
/**
 * The first strongly directional character, as the Unicode bidirectional algorithm finds a paragraph's direction (rule
 * P2).
 */
const strong = /[\p{L}\u0590-\u08ff]/u;

/**
 * Mixed-direction books read right: a paragraph, heading or quotation whose own text starts in
 * the other direction than the book's (an English paragraph in a Persian book) gets that
 * direction as `dir`, so its punctuation and alignment follow its text, as `dir="auto"` does on
 * GitHub. Elements that already say their direction are left as the author wrote them.
 */
export function isolateDirections(tree: Root, book: 'ltr' | 'rtl'): void {
  const walk = (nodes: Root['children'], around: string): void => {
    for (const node of nodes) {
      if (node.type !== 'element' || /^(pre|code|svg|math)$/.test(node.tagName)) continue;
      walk(node.children, setDirection(node, around));
    }
  };
  walk(tree.children, book);
}

/**
 * The direction inside the element: the author's `dir`, else its own text's where it is a block that differs from
 * around it.
 */
function setDirection(element: Element, around: string): string {
  const written = element.properties.dir;
  if (written === 'ltr' || written === 'rtl') return written;
  if (written !== undefined || !blocks.has(element.tagName)) return around;
  const first = strong.exec(toString(element))?.[0];
  if (!first) return around;
  const own = rtl.test(first) ? 'rtl' : 'ltr';
  if (own !== around) element.properties.dir = own;
  return own;
}
