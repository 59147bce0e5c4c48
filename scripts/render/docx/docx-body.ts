import {
  Bookmark,
  BorderStyle,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { Element, ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import { imageSize } from 'image-size';
import type { Asset } from '../../book/types.js';
import { safeDecode } from '../../book/safe-decode.js';
import { canEmbed } from '../formats.js';
import { hasClass } from '../../transform/transform.js';
import { numberClass } from '../../transform/number-figures.js';

/** A block of the document body: a paragraph or a table. */
export type Block = Paragraph | Table;

/** How text is set in a run: what its inline ancestors made it. */
interface RunStyle {
  readonly bold?: boolean;
  readonly italics?: boolean;
  readonly strike?: boolean;
  readonly superScript?: boolean;
  readonly subScript?: boolean;
  readonly code?: boolean;
  readonly link?: boolean;
}

/** Where a block stands: the list it is in, its depth of quotes, and the paragraph style to give it. */
interface BlockPlace {
  /** The list item it is in: its first paragraph takes the item's number or bullet, the others its indent. */
  readonly list?: {
    readonly reference: string;
    readonly level: number;
    readonly instance: number;
    readonly numbered: { done: boolean };
  };
  readonly quote: number;
  readonly style?: string;
}

/** What the conversion of one book needs and keeps across its chapters. */
export interface BodyContext {
  readonly assets: ReadonlyMap<string, Asset>;
  /** The width and height the text block leaves to an image, in pixels (96 to the inch). */
  readonly textBox: { readonly width: number; readonly height: number };
  /** Word's bookmark name for an id of the book (at most 40 characters, a letter first). */
  bookmark(id: string): string;
  /** The Word footnote of a footnote call (`#…fn-1`), by the call's target id. */
  footnote(id: string): number | undefined;
  /** A fresh numbering instance, so each ordered list counts from its own start. */
  nextList(): number;
  /**
   * Bookmarks waiting for the next paragraph: the chapter's start, and the ids of blocks that
   * are not paragraphs themselves (a `<div id>`, a list item, a table); that paragraph holds them.
   */
  readonly waiting: string[];
  /** Whether the book is written right to left: its paragraphs then start on the right. */
  readonly rtl: boolean;
  /** Whether the next heading opens a chapter (and so starts a page). */
  opening: boolean;
  /** A PNG picture of an SVG image, at its size shown, for programs that do not read SVG. */
  svgPicture(svg: Uint8Array, size: { width: number; height: number }): Uint8Array;
}

const headingLevels = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];

/** Elements whose content is phrasing: they make one paragraph. */
const paragraphLike = new Set(['p', 'dt', 'summary', 'figcaption', 'caption', 'address']);

/**
 * The DOCX blocks of an output tree's nodes (a chapter, a footnote): HTML's blocks become Word's
 * paragraphs in the styles that Pandoc's DOCX uses too (Heading 1–6, Body Text, Block Text,
 * Source Code, Verbatim Char, Image Caption), lists become Word's numbered and bulleted lists,
 * tables Word's tables. Text in an element Word has no equivalent of is kept as text.
 */
export function blocksOf(
  nodes: readonly ElementContent[],
  context: BodyContext,
  place: BlockPlace = { quote: 0 },
): Block[] {
  const blocks: Block[] = [];
  let inline: ElementContent[] = [];
  const flush = (): void => {
    if (inline.some((node) => node.type !== 'text' || node.value.trim() !== ''))
      blocks.push(paragraph(runsOf(inline, context), place, context));
    inline = [];
  };
  for (const node of nodes) {
    if (node.type !== 'text' && node.type !== 'element') continue;
    if (node.type === 'text' || !isBlock(node)) {
      inline.push(node);
      continue;
    }
    flush();
    blocks.push(...blockOf(node, context, place));
  }
  flush();
  return blocks;
}

/**
 * A numbered figure's caption (book/figures.ts gives it its number) is in the style Figure Caption,
 * from which Word's list of figures is made; another figure's caption is an Image Caption.
 */
function figureCaptionStyle(caption: Element): string {
  const numbered = caption.children.some((child) => child.type === 'element' && hasClass(child, numberClass('figure')));
  return numbered ? 'FigureCaption' : 'ImageCaption';
}

function blockOf(element: Element, context: BodyContext, place: BlockPlace): Block[] {
  const tag = element.tagName;
  const id = element.properties.id;
  if (typeof id === 'string' && id !== '' && !paragraphLike.has(tag) && !/^h[1-6]$/.test(tag))
    context.waiting.push(context.bookmark(id));
  const heading = /^h([1-6])$/.exec(tag);
  if (heading) return [headingOf(element, Number(heading[1]), context)];
  if (paragraphLike.has(tag)) {
    const style =
      tag === 'figcaption'
        ? figureCaptionStyle(element)
        : tag === 'caption'
          ? 'ImageCaption'
          : tag === 'dt'
            ? 'DefinitionTerm'
            : place.style;
    return [paragraph(runsOf(element.children, context), { ...place, style }, context, element)];
  }
  if (tag === 'ul' || tag === 'ol') return listOf(element, context, place);
  if (tag === 'blockquote' || (tag === 'div' && hasClass(element, 'markdown-alert'))) {
    return blocksOf(element.children, context, { ...place, quote: place.quote + 1, style: 'BlockText' });
  }
  if (tag === 'pre') return [codeBlock(element, place, context)];
  if (tag === 'table') return tableOf(element, context);
  if (tag === 'hr')
    return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } } })];
  if (tag === 'dd') return blocksOf(element.children, context, { ...place, quote: place.quote + 1 });
  // Footnotes are Word's own, at the foot of the page: the chapter's list of them is not repeated.
  if (tag === 'section' && element.properties.dataFootnotes !== undefined) return [];
  return blocksOf(element.children, context, place);
}

function headingOf(element: Element, level: number, context: BodyContext): Paragraph {
  const runs = runsOf(
    element.children.filter((child) => !(child.type === 'element' && hasClass(child, 'heading-anchor'))),
    context,
  );
  const id = element.properties.id;
  const starts = context.opening;
  context.opening = false;
  const children = held(
    typeof id === 'string' ? [new Bookmark({ id: context.bookmark(id), children: runs })] : runs,
    context,
  );
  // A chapter's first heading starts a page; so does every level-1 heading.
  return new Paragraph({
    heading: headingLevels[level - 1]!,
    children,
    pageBreakBefore: level === 1 || starts,
    ...(context.rtl ? { bidirectional: true } : {}),
  });
}

/** Runs inside the bookmarks that wait for a paragraph (and then no longer wait). */
function held(children: ParagraphChild[], context: BodyContext): ParagraphChild[] {
  let inside = children;
  for (const name of context.waiting.splice(0).reverse()) inside = [new Bookmark({ id: name, children: inside })];
  return inside;
}

function paragraph(children: ParagraphChild[], place: BlockPlace, context: BodyContext, element?: Element): Paragraph {
  const { list } = place;
  const numbered = list !== undefined && !list.numbered.done;
  if (list) list.numbered.done = true;
  const id = element?.properties.id;
  return new Paragraph({
    children: held(
      typeof id === 'string' && id !== '' ? [new Bookmark({ id: context.bookmark(id), children })] : children,
      context,
    ),
    style: place.style ?? (list ? 'Compact' : 'BodyText'),
    ...(context.rtl ? { bidirectional: true } : {}),
    ...(numbered ? { numbering: { reference: list.reference, level: list.level, instance: list.instance } } : {}),
    ...(indentOf(place, numbered) ? { indent: { start: indentOf(place, numbered) } } : {}),
  });
}

/**
 * The indent, at the start of the line, of a block that is not a list's numbered paragraph: its quotes', and its list
 * item's.
 */
function indentOf(place: BlockPlace, numbered: boolean): number {
  if (numbered) return 0;
  return 360 * place.quote + (place.list ? 720 * (place.list.level + 1) : 0);
}

/** Ordered lists count in decimals and bullets mark the others, nine levels deep as Word allows. */
function listOf(list: Element, context: BodyContext, place: BlockPlace): Block[] {
  const level = place.list ? Math.min(place.list.level + 1, 8) : 0;
  const reference = list.tagName === 'ol' ? 'numbers' : 'bullets';
  const instance = list.tagName === 'ol' ? context.nextList() : 0;
  const blocks: Block[] = [];
  for (const item of list.children) {
    if (item.type !== 'element' || item.tagName !== 'li') continue;
    const itemPlace: BlockPlace = {
      quote: place.quote,
      list: { reference, level, instance, numbered: { done: false } },
    };
    const own = blocksOf(taskBox(item.children), context, itemPlace);
    blocks.push(...(itemPlace.list!.numbered.done ? own : [paragraph([], itemPlace, context), ...own]));
  }
  return blocks;
}

/** A task list item's checkbox as the ballot box Word shows: ☐ or ☒. */
function taskBox(children: readonly ElementContent[]): ElementContent[] {
  return children.flatMap((child): ElementContent[] => {
    if (child.type === 'element' && child.tagName === 'input' && child.properties.type === 'checkbox') {
      return [{ type: 'text', value: child.properties.checked ? '☒' : '☐' }];
    }
    if (child.type === 'element' && child.tagName === 'p') return [{ ...child, children: taskBox(child.children) }];
    return [child];
  });
}

/** A code block: its lines in one paragraph of the Source Code style, as written. */
function codeBlock(pre: Element, place: BlockPlace, context: BodyContext): Paragraph {
  const lines = toString(pre).replace(/\n$/, '').split('\n');
  const runs = held(
    lines.map((line, index) => new TextRun({ text: line, style: 'VerbatimChar', ...(index > 0 ? { break: 1 } : {}) })),
    context,
  );
  const indent = indentOf(place, false);
  return new Paragraph({ children: runs, style: 'SourceCode', ...(indent ? { indent: { start: indent } } : {}) });
}

/** A table, after its caption: its header rows repeat at the top of each page it runs onto. */
function tableOf(table: Element, context: BodyContext): Block[] {
  const rows: Element[] = [];
  const collect = (nodes: readonly ElementContent[], header: boolean): void => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      if (node.tagName === 'tr')
        rows.push(header ? { ...node, data: { ...node.data, header: true } as Element['data'] } : node);
      else if (['thead', 'tbody', 'tfoot'].includes(node.tagName)) collect(node.children, node.tagName === 'thead');
    }
  };
  collect(table.children, false);
  const columns = Math.max(1, ...rows.map((row) => row.children.filter((cell) => cell.type === 'element').length));
  const tableRows = rows.map((row) => {
    const header = (row.data as { header?: boolean } | undefined)?.header === true;
    const cells = row.children.filter(
      (cell): cell is Element => cell.type === 'element' && (cell.tagName === 'td' || cell.tagName === 'th'),
    );
    const children = cells.map((cell) => {
      const blocks = blocksOf(cell.children, context, {
        quote: 0,
        style: cell.tagName === 'th' ? 'TableHeader' : 'Compact',
      });
      return new TableCell({ children: blocks.length ? blocks : [new Paragraph({ style: 'Compact' })] });
    });
    // A short row is filled out, as Word needs every row to have its cells.
    for (let missing = columns - children.length; missing > 0; missing--)
      children.push(new TableCell({ children: [new Paragraph({ style: 'Compact' })] }));
    return new TableRow({ children, tableHeader: header, cantSplit: true });
  });
  const caption = table.children.find(
    (child): child is Element => child.type === 'element' && child.tagName === 'caption',
  );
  const empty = [new TableRow({ children: [new TableCell({ children: [new Paragraph({})] })] })];
  return [
    ...(caption ? [new Paragraph({ children: runsOf(caption.children, context), style: 'TableCaption' })] : []),
    new Table({ rows: tableRows.length ? tableRows : empty, width: { size: 100, type: WidthType.PERCENTAGE } }),
  ];
}

/** The runs of phrasing content: text in its styles, links, images, footnote calls, line breaks. */
export function runsOf(nodes: readonly ElementContent[], context: BodyContext, style: RunStyle = {}): ParagraphChild[] {
  return nodes.flatMap((node) => runOf(node, context, style));
}

function runOf(node: ElementContent, context: BodyContext, style: RunStyle): ParagraphChild[] {
  if (node.type === 'text') return node.value === '' ? [] : [textRun(node.value.replace(/\s*\n\s*/g, ' '), style)];
  if (node.type !== 'element') return [];
  const tag = node.tagName;
  if (tag === 'br') return [new TextRun({ break: 1 })];
  if (tag === 'img') return imageRun(node, context);
  if (tag === 'svg') return svgRun(node, context);
  if (tag === 'math') return [textRun(mathText(node), { ...style, italics: true })];
  if (tag === 'input')
    return node.properties.type === 'checkbox' ? [textRun(node.properties.checked ? '☒' : '☐', style)] : [];
  if (tag === 'a') return linkRun(node, context, style);
  const own: RunStyle =
    tag === 'strong' || tag === 'b'
      ? { ...style, bold: true }
      : tag === 'em' || tag === 'i' || tag === 'cite' || tag === 'dfn' || tag === 'var'
        ? { ...style, italics: true }
        : tag === 'del' || tag === 's' || tag === 'strike'
          ? { ...style, strike: true }
          : tag === 'sup'
            ? { ...style, superScript: true }
            : tag === 'sub'
              ? { ...style, subScript: true }
              : tag === 'code' || tag === 'kbd' || tag === 'samp' || tag === 'tt'
                ? { ...style, code: true }
                : style;
  // A footnote call: Word's own footnote reference, numbered by Word.
  const call = tag === 'sup' ? footnoteCall(node, context) : undefined;
  if (call !== undefined) return [new FootnoteReferenceRun(call)];
  // Blocks inside phrasing (raw HTML's <div> in a cell) read as text in the paragraph.
  return withId(node, runsOf(node.children, context, own), context);
}

/** An element's runs inside a bookmark of its id, when it has one (`<a id="here"></a>`, `<span id>`). */
function withId(element: Element, runs: ParagraphChild[], context: BodyContext): ParagraphChild[] {
  const id = element.properties.id;
  return typeof id === 'string' && id !== '' ? [new Bookmark({ id: context.bookmark(id), children: runs })] : runs;
}

function textRun(text: string, style: RunStyle): TextRun {
  return new TextRun({
    text,
    ...(style.bold ? { bold: true } : {}),
    ...(style.italics ? { italics: true } : {}),
    ...(style.strike ? { strike: true } : {}),
    ...(style.superScript ? { superScript: true } : {}),
    ...(style.subScript ? { subScript: true } : {}),
    ...(style.code ? { style: 'VerbatimChar' } : style.link ? { style: 'Hyperlink' } : {}),
  });
}

/** Links: to the web as hyperlinks, within the book to the target's bookmark. */
function linkRun(link: Element, context: BodyContext, style: RunStyle): ParagraphChild[] {
  const href = typeof link.properties.href === 'string' ? link.properties.href : '';
  // A footnote's way back to its call has no place in a Word footnote.
  if (link.properties.dataFootnoteBackref !== undefined) return [];
  return withId(link, linkRuns(link, href, context, style), context);
}

function linkRuns(link: Element, href: string, context: BodyContext, style: RunStyle): ParagraphChild[] {
  const internal = href.startsWith('#') && href.length > 1;
  const external = /^(https?|mailto|ftp):/i.test(href);
  const children = runsOf(link.children, context, internal || external ? { ...style, link: true } : style);
  // Word's hyperlinks hold runs only: a link around other content (a footnote call) stays plain.
  if (children.length === 0 || !children.every((child) => child instanceof TextRun || child instanceof ImageRun))
    return children;
  if (internal) return [new InternalHyperlink({ anchor: context.bookmark(safeDecode(href.slice(1))), children })];
  if (external) return [new ExternalHyperlink({ link: href, children })];
  return children;
}

/** The Word footnote that a `<sup><a data-footnote-ref href="#…">` calls, if it is one. */
function footnoteCall(sup: Element, context: BodyContext): number | undefined {
  const link = sup.children.find((child): child is Element => child.type === 'element' && child.tagName === 'a');
  if (!link || link.properties.dataFootnoteRef === undefined || typeof link.properties.href !== 'string')
    return undefined;
  return context.footnote(safeDecode(link.properties.href.replace(/^#/, '')));
}

/** Word's names of the raster types it embeds as they are (canEmbed says which the DOCX shows). */
const embeddable: Readonly<Record<string, 'png' | 'jpg' | 'gif' | 'bmp'>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
};

/** An image at its own size, made smaller to fit the text block, with its alt text as its description. */
function imageRun(img: Element, context: BodyContext): ParagraphChild[] {
  const alt = typeof img.properties.alt === 'string' ? img.properties.alt : '';
  const asset = typeof img.properties.src === 'string' ? context.assets.get(img.properties.src) : undefined;
  if (!asset) return alt ? [new TextRun({ text: alt })] : [];
  const size = fitted(asset.data, context, img);
  const altText = {
    name: alt || asset.href,
    description: alt,
    title: typeof img.properties.title === 'string' ? img.properties.title : '',
  };
  if (asset.mediaType === 'image/svg+xml' && size) {
    return [
      new ImageRun({
        type: 'svg',
        data: asset.data,
        fallback: { type: 'png', data: context.svgPicture(asset.data, size) },
        transformation: size,
        altText,
      }),
    ];
  }
  const type = canEmbed('docx', asset.mediaType) ? embeddable[asset.mediaType] : undefined;
  if (!type || !size) return alt ? [new TextRun({ text: alt })] : [];
  return [new ImageRun({ type, data: asset.data, transformation: size, altText })];
}

/** An inline `<svg>` (a drawn diagram, or the author's own) as an SVG image of the same size. */
function svgRun(svg: Element, context: BodyContext): ParagraphChild[] {
  const data = Buffer.from(toHtml(svg, { space: 'svg' }));
  const size = fitted(data, context, svg);
  const label =
    typeof svg.properties.ariaLabel === 'string' ? svg.properties.ariaLabel : toString(svg).trim().slice(0, 200);
  if (!size) return label ? [new TextRun({ text: label })] : [];
  return [
    new ImageRun({
      type: 'svg',
      data,
      fallback: { type: 'png', data: context.svgPicture(data, size) },
      transformation: size,
      altText: { name: 'diagram', description: label, title: '' },
    }),
  ];
}

/** The size an image is shown at: its own, or what its width and height attributes say, fitted to the text block. */
function fitted(
  data: Uint8Array,
  context: BodyContext,
  element: Element,
): { width: number; height: number } | undefined {
  let own: { width?: number; height?: number };
  try {
    own = imageSize(data);
  } catch {
    return undefined;
  }
  const asked = Number(element.properties.width);
  let width = own.width ?? 0;
  let height = own.height ?? 0;
  if (asked > 0 && width > 0) [width, height] = [asked, (height * asked) / width];
  if (!(width > 0 && height > 0)) return undefined;
  const scale = Math.min(1, context.textBox.width / width, context.textBox.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * The text of a formula: its TeX source where Temml kept it (an annotation), else its text.
 * Word's own equations (OMML) are not made: an editor reads the TeX, as the author wrote it.
 */
function mathText(math: Element): string {
  let tex: string | undefined;
  const find = (nodes: readonly ElementContent[]): void => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      if (node.tagName === 'annotation' && String(node.properties.encoding) === 'application/x-tex')
        tex = toString(node);
      else find(node.children);
    }
  };
  find(math.children);
  return tex !== undefined ? `$${tex.trim()}$` : toString(math);
}

const blockNames = new Set(
  (
    'h1 h2 h3 h4 h5 h6 p ul ol li blockquote pre table hr div section article aside header footer nav figure ' +
    'figcaption details summary dl dt dd address main caption center'
  ).split(' '),
);

/** Elements that stand as blocks in a body (anything else is phrasing, in the paragraph around it). */
function isBlock(element: Element): boolean {
  return blockNames.has(element.tagName);
}
