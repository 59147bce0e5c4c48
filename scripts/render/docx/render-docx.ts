import {
  AlignmentType,
  Bookmark,
  Document,
  LevelFormat,
  Packer,
  PageBreak,
  Paragraph,
  StyleLevel,
  TableOfContents,
  TextRun,
  type ILevelsOptions,
  type ParagraphChild,
  type IParagraphStyleOptions,
} from 'docx';
import type { Element, ElementContent } from 'hast';
import { EXIT, visit } from 'unist-util-visit';
import type { Book } from '../../book/types.js';
import { report } from '../../problems.js';
import { oneDocumentHref } from '../book-sections.js';
import { listedFigures } from '../toc.js';
import { finalize } from '../finalize.js';
import type { Renderer } from '../renderer.js';
import { blocksOf, type Block, type BodyContext } from './docx-body.js';
import { pageSetup } from '../page-setup.js';
import type { SvgPictures } from './svg-fallback.js';
import { coreProperties, reproducibly, type CoreProperties } from './reproducible.js';

/**
 * The DOCX, for editors who work in Word: one document with a title page, Word's table of
 * contents (a field Word fills from the headings), every chapter from a new page with its
 * headings in Heading 1–6 (so the navigation pane works), real footnotes, and the page of the
 * book's print settings. Made with the docx package from the same output trees as the other
 * formats; the package is loaded only for `--format docx`.
 */
export const docxRenderer: Renderer = {
  inspect: reportUnshown,
  async render(context) {
    const { book } = context;
    const time = context.buildTime();
    const page = pageSetup(book.config.pdf.size, book.config.pdf.margin);
    const chapters = context.content.map((content) => finalize(content.tree, oneDocumentHref(book), () => undefined));
    const notes = footnotesOf(chapters);
    // resvg is started only for a book that has an SVG image or a diagram.
    const pictures = hasSvg(book, chapters) ? await (await import('./svg-fallback.js')).svgPictures() : undefined;
    const body = bodyContext(book, notes, page, pictures);
    const info = properties(book);
    const when = await time;
    const document = reproducibly(when, () => {
      const made = new Document({
        ...info,
        styles: styles(book.config.language, book.config.direction),
        numbering: {
          config: [
            { reference: 'bullets', levels: listLevels('bullet') },
            { reference: 'numbers', levels: listLevels('decimal') },
          ],
        },
        // Word fills in the contents' page numbers when it opens the document. docx can lay the
        // pages out itself (docx/layout's estimatePageNumbers) and write them in, but that took
        // 2.9 s of a 3.6 s build of this book: twice Pandoc's whole DOCX.
        features: { updateFields: true },
        footnotes: Object.fromEntries(
          [...notes.values()].map(({ number, children }) => [number, { children: noteBlocks(children, body) }]),
        ),
        sections: [
          {
            properties: { page: { size: { width: page.width, height: page.height }, margin: page.margin } },
            children: [
              ...titlePage(book),
              ...contents(book),
              ...chapters.flatMap((nodes, index) => chapterBlocks(book, index, nodes, body)),
            ],
          },
        ],
      });
      return Packer.toBuffer(made, false, [{ path: 'docProps/core.xml', data: coreProperties(info, when) }]);
    });
    return [{ path: `${book.config.slug}.docx`, data: await document }];
  },
};

/**
 * What the DOCX shows otherwise than the other formats, as a warning at its place: a chapter's
 * formulas, as their TeX source. (An image it cannot show, the image-format rule reports.)
 */
function reportUnshown(book: Book): void {
  for (const chapter of book.chapters) {
    let math: Element | undefined;
    visit(chapter.hast, 'element', (element) => (element.tagName === 'math' ? ((math = element), EXIT) : undefined));
    if (math)
      report(
        chapter.file,
        "the DOCX writes this chapter's formulas as their TeX source, in italics: Word's own equations are not made",
        math.position,
        'docx',
        'warning',
      );
  }
}

/** The document's properties, which Word shows in File › Info. */
function properties(book: Book): CoreProperties {
  const { config } = book;
  return {
    title: config.title,
    creator: config.authors.map((author) => author.name).join('; '),
    ...(config.description ? { description: config.description, subject: config.description } : {}),
    ...(config.subjects?.length ? { keywords: config.subjects.join(', ') } : {}),
  };
}

function titlePage(book: Book): Paragraph[] {
  const { config } = book;
  const authors = config.authors.map((a) => (a.role ? `${a.name} (${a.role})` : a.name)).join(', ');
  const rtl = config.direction === 'rtl';
  return [
    new Paragraph({ style: 'Title', children: [new TextRun(config.title)], ...(rtl ? { bidirectional: true } : {}) }),
    ...(config.subtitle
      ? [
          new Paragraph({
            style: 'Subtitle',
            children: [new TextRun(config.subtitle)],
            ...(rtl ? { bidirectional: true } : {}),
          }),
        ]
      : []),
    ...(authors
      ? [new Paragraph({ style: 'Author', children: [new TextRun(authors)], ...(rtl ? { bidirectional: true } : {}) })]
      : []),
    new Paragraph({ children: [new PageBreak()] }),
  ];
}

/** Word's table of contents to the book's `toc.depth`, with its title in the book's language. */
function contents(book: Book): (Paragraph | TableOfContents)[] {
  return [
    tocHeading(book, book.config.labels.contents),
    new TableOfContents(book.config.labels.contents, {
      hyperlink: true,
      headingStyleRange: `1-${book.config.toc.depth}`,
    }),
    ...figureList(book),
  ];
}

/**
 * The list of figures (book.yaml's `toc: {figures: true}`), after the contents: Word's own table
 * made from the paragraphs in the style Figure Caption, each numbered figure's caption with its
 * page, as Word's Insert Table of Figures makes it from a caption style. (Word's other way, SEQ
 * fields, numbers figures through the document, not per chapter as the book does.)
 */
function figureList(book: Book): (Paragraph | TableOfContents)[] {
  if (listedFigures(book).length === 0) return [];
  const title = book.config.labels.listOfFigures;
  return [
    tocHeading(book, title, { pageBreakBefore: true }),
    new TableOfContents(title, { hyperlink: true, stylesWithLevels: [new StyleLevel('Figure Caption', 1)] }),
  ];
}

/** The title of a table of contents or figures, in the book's direction. */
function tocHeading(book: Book, title: string, options: { pageBreakBefore?: boolean } = {}): Paragraph {
  return new Paragraph({
    style: 'TOCHeading',
    children: [new TextRun(title)],
    ...options,
    ...(book.config.direction === 'rtl' ? { bidirectional: true } : {}),
  });
}

/**
 * A chapter's blocks. Its start (the target of links to the chapter) is a bookmark in its first
 * heading, which starts a page; a chapter that does not open with a heading starts with a page
 * break that holds it.
 */
function chapterBlocks(book: Book, index: number, nodes: ElementContent[], body: BodyContext): Block[] {
  const start = body.bookmark(book.chapters[index]!.id);
  const first = nodes.find((node) => node.type === 'element' || (node.type === 'text' && node.value.trim() !== ''));
  const opens = first?.type === 'element' && /^h[1-6]$/.test(first.tagName);
  const page = opens ? [] : [new Paragraph({ children: [new Bookmark({ id: start, children: [new PageBreak()] })] })];
  if (opens) body.waiting.push(start);
  body.opening = opens;
  const blocks = [...page, ...blocksOf(nodes, body)];
  // Ids still waiting at the chapter's end (of empty elements there) get a paragraph of their own.
  const left = body.waiting.splice(0);
  if (left.length)
    blocks.push(
      new Paragraph({
        children: left.reduceRight<ParagraphChild[]>(
          (inside, name) => [new Bookmark({ id: name, children: inside })],
          [],
        ),
      }),
    );
  return blocks;
}

/** Each footnote of the book, by the id of its item: its Word number (1, 2, … across the book) and its content. */
function footnotesOf(
  chapters: readonly ElementContent[][],
): Map<string, { number: number; children: ElementContent[] }> {
  const notes = new Map<string, { number: number; children: ElementContent[] }>();
  const walk = (nodes: readonly ElementContent[], inNotes: boolean): void => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      const here = inNotes || (node.tagName === 'section' && node.properties.dataFootnotes !== undefined);
      if (here && node.tagName === 'li' && typeof node.properties.id === 'string')
        notes.set(node.properties.id, { number: notes.size + 1, children: node.children });
      else walk(node.children, here);
    }
  };
  for (const nodes of chapters) walk(nodes, false);
  return notes;
}

function noteBlocks(children: ElementContent[], body: BodyContext): Paragraph[] {
  return blocksOf(children, body, { quote: 0, style: 'FootnoteText' }).filter(
    (block): block is Paragraph => block instanceof Paragraph,
  );
}

/** Bookmarks, footnotes, images and the text block, for the body's conversion. */
function bodyContext(
  book: Book,
  notes: ReadonlyMap<string, { number: number }>,
  page: ReturnType<typeof pageSetup>,
  pictures: SvgPictures | undefined,
): BodyContext {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  let lists = 0;
  return {
    assets: new Map(book.assets.map((asset) => [asset.href, asset])),
    // Twips to pixels at 96 to the inch: 15 twips a pixel.
    textBox: {
      width: (page.width - page.margin.left - page.margin.right) / 15,
      height: (page.height - page.margin.top - page.margin.bottom) / 15 - 40,
    },
    bookmark(id) {
      let name = names.get(id);
      if (name) return name;
      // Word's bookmark names: a letter first, then letters, digits and `_`, 40 at most.
      const base = `b_${id.normalize('NFKD').replace(/[^A-Za-z0-9_]+/g, '_')}`.slice(0, 34);
      name = base;
      for (let n = 1; taken.has(name); n++) name = `${base}_${n}`;
      taken.add(name);
      names.set(id, name);
      return name;
    },
    footnote: (id) => notes.get(id)?.number,
    nextList: () => ++lists,
    waiting: [],
    rtl: book.config.direction === 'rtl',
    opening: false,
    svgPicture: (svg, size) => pictures?.png(svg, size.width, size.height) ?? blankPng,
  };
}

/** A transparent 1×1 PNG: what stands for an SVG image that resvg could not draw. */
const blankPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==',
  'base64',
);

function hasSvg(book: Book, chapters: readonly ElementContent[][]): boolean {
  if (book.assets.some((asset) => asset.mediaType === 'image/svg+xml')) return true;
  let found = false;
  for (const nodes of chapters)
    for (const node of nodes)
      visit(node, 'element', (element) => (element.tagName === 'svg' ? ((found = true), EXIT) : undefined));
  return found;
}

/** Nine list levels, each indented a half inch more, as Word's own lists are. */
function listLevels(format: 'bullet' | 'decimal'): ILevelsOptions[] {
  const bullets = ['•', '◦', '▪'];
  return Array.from({ length: 9 }, (_, level) => ({
    level,
    format: format === 'bullet' ? LevelFormat.BULLET : LevelFormat.DECIMAL,
    text: format === 'bullet' ? bullets[level % 3]! : `%${level + 1}.`,
    alignment: AlignmentType.START,
    style: { paragraph: { indent: { start: 720 * (level + 1), hanging: 360 } } },
  }));
}

/**
 * The styles, named as Pandoc names those of its DOCX (Body Text, Block Text, Source Code,
 * Verbatim Char, …), so that an editor's template made for Pandoc's documents fits these too.
 */
function styles(language: string, direction: 'ltr' | 'rtl') {
  // A right-to-left book's runs are right-to-left text (and its paragraphs start on the right:
  // docx-body.ts), as Pandoc writes them; code stays left to right.
  const rtl = direction === 'rtl';
  const paragraph = (
    id: string,
    name: string,
    options: Omit<IParagraphStyleOptions, 'id' | 'name'> = {},
  ): IParagraphStyleOptions => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'BodyText',
    quickFormat: true,
    ...options,
  });
  const mono = { ascii: 'Consolas', hAnsi: 'Consolas', cs: 'Consolas', eastAsia: 'Consolas' };
  return {
    default: {
      document: {
        run: {
          language: { value: language, eastAsia: language, bidirectional: language },
          ...(rtl ? { rightToLeft: true } : {}),
        },
      },
      // Word's own Heading 1–6 stand at outline levels 1–6, which LibreOffice's contents and
      // navigator read; without them, LibreOffice updates the contents to nothing.
      ...Object.fromEntries(
        [1, 2, 3, 4, 5, 6].map((level) => [`heading${level}`, { paragraph: { outlineLevel: level - 1 } }]),
      ),
    },
    paragraphStyles: [
      paragraph('BodyText', 'Body Text', { paragraph: { spacing: { before: 120, after: 120 } } }),
      paragraph('Compact', 'Compact', { paragraph: { spacing: { before: 36, after: 36 } } }),
      paragraph('Author', 'Author', { paragraph: { alignment: AlignmentType.CENTER } }),
      paragraph('TOCHeading', 'TOC Heading', { run: { bold: true, size: 28 }, paragraph: { spacing: { after: 120 } } }),
      paragraph('BlockText', 'Block Text', {
        paragraph: {
          indent: { start: 480 },
          spacing: { before: 100, after: 100 },
          border: { left: { style: 'single', size: 12, color: 'BBBBBB', space: 8 } },
        },
      }),
      paragraph('SourceCode', 'Source Code', {
        run: { font: mono, size: 19, ...(rtl ? { rightToLeft: false } : {}) },
        paragraph: {
          keepLines: true,
          spacing: { before: 120, after: 120 },
          shading: { type: 'clear', fill: 'F4F4F4', color: 'auto' },
        },
      }),
      paragraph('ImageCaption', 'Image Caption', { run: { italics: true }, paragraph: { spacing: { after: 200 } } }),
      paragraph('FigureCaption', 'Figure Caption', { basedOn: 'ImageCaption' }),
      paragraph('TableCaption', 'Table Caption', { run: { italics: true }, paragraph: { keepNext: true } }),
      paragraph('TableHeader', 'Table Header', { run: { bold: true } }),
      paragraph('DefinitionTerm', 'Definition Term', { run: { bold: true }, paragraph: { keepNext: true } }),
    ],
    characterStyles: [
      { id: 'VerbatimChar', name: 'Verbatim Char', basedOn: 'DefaultParagraphFont', run: { font: mono, size: 19 } },
    ],
  };
}
