import type { Root as HastRoot } from 'hast';
import type { Heading as MdHeading, Paragraph, Root as MdRoot } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { repairContentModel, type ContentRepair } from './content-model.js';
import { findTooDeep, type TooDeep } from './nesting-depth.js';
import { parseRawHtml } from './parse-raw.js';
import { tocClass } from './types.js';

/** The Markdown and HTML trees of one chapter, before any book-wide ids are known. */
export interface ParsedChapter {
  readonly mdast: MdRoot;
  readonly hast: HastRoot;
  readonly headings: readonly MdHeading[];
  readonly tocMarkers: readonly { node: Paragraph; alone: boolean }[];
  /** Where the chapter nests too deep to parse; its trees are then empty. */
  readonly tooDeep: TooDeep | undefined;
  /** What HTML's content model changed in the chapter's raw HTML. */
  readonly repairs: readonly ContentRepair[];
}


/**
 * Creates the chapter parser: CommonMark + GFM to mdast (positions kept), then to hast with raw
 * HTML parsed into elements (parse-raw.ts), so that raw `<img>`, `<a>` and ids are seen like
 * Markdown ones. Built once per build and used for every chapter; a chapter whose lists or
 * blockquotes nest deeper than `maxNesting` is not handed to the parser.
 */
export function createChapterParser(): (file: VFile, footnotePrefix: string) => ParsedChapter {
  const markdown = unified().use(remarkParse).use(remarkGfm);
  return (file, footnotePrefix) => {
    // A chapter nested too deep would take the parser minutes: it is parsed as empty and reported.
    const tooDeep = findTooDeep(String(file.value));
    const mdast = markdown.runSync(markdown.parse(tooDeep ? '' : file), file) as MdRoot;
    const headings: MdHeading[] = [];
    const tocMarkers: { node: Paragraph; alone: boolean }[] = [];
    visit(mdast, (node) => {
      if (node.type === 'heading') headings.push(node);
      if (node.type === 'paragraph' && toString(node).includes('[TOC]')) {
        const alone = node.children.length === 1 && toString(node).trim() === '[TOC]';
        tocMarkers.push({ node, alone });
        if (alone) node.data = { hName: 'nav', hProperties: { className: [tocClass] }, hChildren: [] };
        // A marker inside other text never shows as text either.
        else visit(node, 'text', (text) => void (text.value = text.value.replaceAll('[TOC]', '')));
      }
    });
    const html = unified().use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: footnotePrefix });
    const hast = parseRawHtml(html.runSync(mdast, file) as HastRoot, file);
    prefixFootnoteLabel(hast, footnotePrefix);
    // Markdown's own HTML follows the content model; raw HTML may not.
    let hasHtml = false;
    visit(mdast, 'html', () => void (hasHtml = true));
    const repairs = hasHtml ? repairContentModel(hast) : [];
    return { mdast, hast, headings, tocMarkers, tooDeep, repairs };
  };
}

/**
 * mdast-util-to-hast gives every chapter's footnote heading the same id, `footnote-label`, even
 * with `clobberPrefix`; once chapters are joined those would clash, so the label gets the prefix.
 */
function prefixFootnoteLabel(hast: HastRoot, prefix: string): void {
  visit(hast, 'element', (element) => {
    if (element.tagName === 'h2' && element.properties.id === 'footnote-label') element.properties.id = `${prefix}footnote-label`;
    const describedBy = element.properties.ariaDescribedBy;
    if (element.properties.dataFootnoteRef !== undefined && Array.isArray(describedBy) && describedBy.includes('footnote-label')) element.properties.ariaDescribedBy = [`${prefix}footnote-label`];
  });
}
