import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import GithubSlugger from 'github-slugger';
import { Kept } from '../kept.js';
import type { IdRegistry } from './ids.js';
import { safeDecode } from './safe-decode.js';

/**
 * A chapter's numbered figures and tables, as Pandoc reads them from Markdown:
 * - an image alone in its paragraph, with alt text or a title, is a figure, captioned by its
 *   title, else its alt text (Pandoc's `implicit_figures`); an image inside a link is not one;
 * - a table with a paragraph `Table: …` (or `: …`) just before or after it is a table, captioned
 *   by that paragraph (Pandoc's `table_captions`); a table without one has no number.
 * Raw HTML's `<figure>` with a `<figcaption>`, and `<table>` with a `<caption>`, are numbered too.
 * Each is numbered in its chapter (`3.2`: the chapter's place in the book, then the count), and
 * has an id that links can name: its own, if the author wrote one; else `fig-` and the image
 * file's name, or `tbl-` and the caption's GitHub slug.
 */
export interface Figure {
  readonly kind: 'figure' | 'table';
  readonly chapter: number;
  /** `3.2`: the chapter's number, then the figure's (or table's) in the chapter. */
  readonly number: string;
  /** The id in every output, unique across the book. */
  readonly id: string;
  /** The id as the author links to it in the chapter (`#fig-diagram`). */
  readonly written: string;
  /** The paragraph of the image, the raw `<figure>`, or the table. */
  readonly element: Element;
  /** The caption's own content (without "Table:"), for the outputs to put after the number. */
  readonly caption: readonly ElementContent[];
  /** The `Table: …` paragraph, which the outputs leave out, its words being the caption. */
  readonly captionParagraph?: Element;
}

/** A figure or table found in a chapter, before the book gives it an id (`own`: the author wrote one). */
type Found = Omit<Figure, 'chapter' | 'number' | 'id'> & { readonly own: boolean };

const found = new Kept<Root, readonly Found[]>();

/** A chapter's figures and tables, numbered, with ids from the book's registry. */
export function chapterFigures(tree: Root, chapter: number, ids: IdRegistry): Figure[] {
  const counts = { figure: 0, table: 0 };
  return found
    .once(tree, () => findFigures(tree))
    .map((each) => ({
      ...each,
      chapter,
      number: `${chapter + 1}.${++counts[each.kind]}`,
      // An id of the author's is the book's already (build-book.ts's raw ids).
      id: each.own ? each.written : ids.unique(each.written),
    }));
}

function findFigures(tree: Root): Found[] {
  const out: Found[] = [];
  const slugger = new GithubSlugger();
  // A caption paragraph between two tables is the first one's, as Pandoc reads them in order.
  const taken = new Set<Element>();
  const visit = (parent: Root | Element): void => {
    parent.children.forEach((node, index) => {
      if (node.type !== 'element') return;
      const figure =
        imageFigure(node, slugger) ?? rawFigure(node, slugger) ?? table(parent, index, node, slugger, taken);
      if (figure?.captionParagraph) taken.add(figure.captionParagraph);
      if (figure) out.push(figure);
      if (!figure || figure.kind === 'table') visit(node);
    });
  };
  visit(tree);
  return out;
}

/** A paragraph that holds one image and nothing else but white space, the image with a caption. */
function imageFigure(paragraph: Element, slugger: GithubSlugger): Found | undefined {
  if (paragraph.tagName !== 'p') return undefined;
  const content = paragraph.children.filter((child) => child.type !== 'text' || child.value.trim() !== '');
  const image = content[0];
  if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return undefined;
  const { alt, title, src, id } = image.properties;
  const caption = typeof title === 'string' && title.trim() ? title.trim() : typeof alt === 'string' ? alt.trim() : '';
  if (!caption) return undefined;
  const file = typeof src === 'string' ? (src.split(/[?#]/)[0]?.split('/').pop() ?? '') : '';
  const stem = file.replace(/\.[^.]*$/, '');
  const own = typeof id === 'string' && id !== '';
  const written = own ? id : `fig-${slugger.slug(safeName(stem) || caption)}`;
  return { kind: 'figure', written, own, element: paragraph, caption: [{ type: 'text', value: caption }] };
}

/** An author's `<figure>` with a `<figcaption>`. */
function rawFigure(element: Element, slugger: GithubSlugger): Found | undefined {
  if (element.tagName !== 'figure') return undefined;
  const caption = element.children.find(
    (child): child is Element => child.type === 'element' && child.tagName === 'figcaption',
  );
  if (!caption || !toString(caption).trim()) return undefined;
  const { id } = element.properties;
  const own = typeof id === 'string' && id !== '';
  const written = own ? id : `fig-${slugger.slug(toString(caption).trim())}`;
  return { kind: 'figure', written, own, element, caption: caption.children };
}

/** A table with its caption: an author's `<caption>`, or a `Table: …` paragraph just before or after it. */
function table(
  parent: Root | Element,
  index: number,
  element: Element,
  slugger: GithubSlugger,
  taken: ReadonlySet<Element>,
): Found | undefined {
  if (element.tagName !== 'table') return undefined;
  const written = element.children.find(
    (child): child is Element => child.type === 'element' && child.tagName === 'caption',
  );
  const paragraph = written
    ? undefined
    : [captionParagraph(parent, index, -1), captionParagraph(parent, index, 1)].find(
        (found) => found !== undefined && !taken.has(found),
      );
  const caption = written ? written.children : paragraph ? withoutMarker(paragraph.children) : undefined;
  if (!caption) return undefined;
  const text = caption
    .map((node) => toString(node))
    .join('')
    .trim();
  const { id } = element.properties;
  const own = typeof id === 'string' && id !== '';
  return {
    kind: 'table',
    written: own ? id : `tbl-${slugger.slug(text) || 'table'}`,
    own,
    element,
    caption,
    ...(paragraph ? { captionParagraph: paragraph } : {}),
  };
}

/** The paragraph next to a table (`step` -1 before, 1 after), if it starts with `Table:` or `:`. */
function captionParagraph(parent: Root | Element, index: number, step: -1 | 1): Element | undefined {
  for (let at = index + step; at >= 0 && at < parent.children.length; at += step) {
    const node = parent.children[at];
    if (node?.type === 'text' && node.value.trim() === '') continue;
    if (node?.type !== 'element' || node.tagName !== 'p') return undefined;
    const first = node.children[0];
    return first?.type === 'text' && captionMarker.test(first.value) ? node : undefined;
  }
  return undefined;
}

/** Pandoc's caption marker: `Table:` (any case) or a lone `:`, then the caption. */
const captionMarker = /^\s*(?:table)?:\s+(?=\S)/i;

function withoutMarker(children: readonly ElementContent[]): ElementContent[] {
  const [first, ...rest] = children;
  if (first?.type !== 'text') return [...children];
  return [{ ...first, value: first.value.replace(captionMarker, '') }, ...rest];
}

/** A file name as an id may hold it: letters, digits and hyphens. */
function safeName(name: string): string {
  return safeDecode(name)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
