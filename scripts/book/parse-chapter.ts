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
import { escapeTooDeep, maxNesting } from './nesting-depth.js';
import { remarkPhrasingDepth } from './syntax/phrasing-depth.js';
import { defaultDeadline, slowestPlace, withDeadline, type TooSlow } from './parse-deadline.js';
import { parseRawHtml } from './parse-raw.js';
import { closeRawText } from './unclosed-raw-text.js';
import { cutUnclosedHtmlBlock, shiftPositions } from './unclosed-html-block.js';
import { markAlerts } from './syntax/alerts.js';
import type { Syntax } from './syntax/load-syntax.js';
import { tocClass } from './types.js';

/** The Markdown and HTML trees of one chapter, before any book-wide ids are known. */
export interface ParsedChapter {
  readonly mdast: MdRoot;
  readonly hast: HastRoot;
  readonly headings: readonly MdHeading[];
  readonly tocMarkers: readonly { node: Paragraph; alone: boolean }[];
  /** Where the chapter's parse did not end by its deadline; its trees are then empty. */
  readonly tooSlow?: TooSlow;
  /** What HTML's content model changed in the chapter's raw HTML. */
  readonly repairs: readonly ContentRepair[];
}

/**
 * Creates the chapter parser: CommonMark + GFM to mdast (positions kept), then to hast with raw
 * HTML parsed into elements (parse-raw.ts), so that raw `<img>`, `<a>` and ids are seen like
 * Markdown ones. Built once per build and used for every chapter; in a chapter whose lists or
 * blockquotes nest deeper than `maxNesting`, the markers past that depth are read as text.
 */
export function createChapterParser(
  syntax: Syntax = {},
  deadline: (length: number) => number = defaultDeadline,
): (file: VFile, footnotePrefix: string) => ParsedChapter {
  const parse = parseOne(syntax);
  return (file, footnotePrefix) => {
    const text = String(file.value);
    // Nesting thousands deep would take the parser minutes and overflow every later step's
    // stack: the markers past `maxNesting` are read as text, and that is reported.
    const tooDeep = escapeTooDeep(text);
    // No chapter can hang the build: past its deadline the parse is stopped, and the chapter
    // is parsed as empty and reported.
    const seconds = deadline(text.length);
    const parsed = withDeadline(() => parse(file, footnotePrefix, tooDeep?.text ?? text), seconds);
    if (!parsed) return { ...parse(file, footnotePrefix, ''), tooSlow: { seconds, ...slowestPlace(text) } };
    if (!tooDeep) return parsed;
    const { line, column } = tooDeep.first;
    const repair: ContentRepair = {
      rule: 'nesting-depth',
      position: { start: { line, column }, end: { line, column: column + 1 } },
      message:
        `lists or blockquotes nest more than ${maxNesting} levels deep here: from ` +
        `this marker on, the markers past level ${maxNesting} are read as text (escaped); flatten them`,
    };
    return { ...parsed, repairs: [repair, ...parsed.repairs] };
  };
}

/**
 * Ends each HTML block that is never closed, which would take in the rest of the chapter, at its
 * first blank line: the rest is parsed again (`parse`) as Markdown. Returns what was repaired.
 */
function endHtmlBlocks(mdast: MdRoot, source: string, parse: (text: string) => MdRoot): ContentRepair[] {
  const repairs: ContentRepair[] = [];
  for (let cut = cutUnclosedHtmlBlock(mdast); cut; cut = cutUnclosedHtmlBlock(mdast, cut.index + 1)) {
    const rest = parse(source.slice(cut.rest.offset, cut.end));
    if (rest.data?.phrasingTooDeep) repairs.push(rest.data.phrasingTooDeep);
    for (const child of rest.children) shiftPositions(child, cut.rest);
    mdast.children.splice(cut.index + 1, 0, ...rest.children);
    const block = mdast.children[cut.index]?.position;
    if (cut.close) {
      repairs.push({
        rule: 'unclosed-html',
        position: block && { start: block.start, end: { ...block.start, column: block.start.column + 4 } },
        message:
          `this HTML block is never closed, and would take in the rest of the chapter: ` +
          `every output ends it at its first blank line (line ${cut.rest.line - 1}); ` +
          `write ${cut.close} there`,
      });
    }
  }
  return repairs;
}

/**
 * A chapter's headings and `[TOC]` markers; a marker alone in its paragraph becomes the place
 * of the contents, and one inside other text is taken out of it.
 */
function headingsAndMarkers(mdast: MdRoot): {
  headings: MdHeading[];
  tocMarkers: { node: Paragraph; alone: boolean }[];
} {
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
  return { headings, tocMarkers };
}

/** Closes raw HTML elements that are never closed (closeRawText), saying how each was repaired. */
function closeRawElements(unparsed: HastRoot): ContentRepair[] {
  return closeRawText(unparsed).map(({ name, closing, position, end, moves }) => {
    const how =
      name === 'plaintext' ? 'write <pre> instead of <plaintext>, and </pre> there' : `write ${closing} there`;
    const where = end ? ` (line ${end.line})` : '';
    return {
      rule: 'unclosed-html',
      position,
      message:
        `<${name}> is never closed, and would ` +
        `${moves ? 'move the rest of the chapter before it' : 'take in the rest of the chapter'}: ` +
        `every output closes it at the end of its HTML block${where}; ${how}`,
    };
  });
}

/** Parses one chapter from `source`: its text as it is to be read ('' for a chapter that is not to be parsed). */
function parseOne(syntax: Syntax) {
  // Phrasing nested too deep is flattened first, before GFM's transforms walk the tree.
  const markdown = unified().use(remarkParse).use(remarkPhrasingDepth).use(remarkGfm);
  if (syntax.math) markdown.use([syntax.math.remark]);
  if (syntax.emoji) markdown.use([syntax.emoji]);
  return (file: VFile, footnotePrefix: string, source: string): ParsedChapter => {
    // Front matter is taken off the text (its lines blanked, so places stay), then put in the tree.
    const frontMatter = source === '' ? undefined : syntax.frontMatter?.cut(source);
    const mdast = markdown.runSync(markdown.parse(frontMatter?.text ?? source), file) as MdRoot;
    const repairs: ContentRepair[] = [];
    if (mdast.data?.phrasingTooDeep) repairs.push(mdast.data.phrasingTooDeep);
    repairs.push(...endHtmlBlocks(mdast, source, (text) => markdown.runSync(markdown.parse(text)) as MdRoot));
    if (frontMatter) {
      repairs.push(...frontMatter.problems);
      syntax.frontMatter?.place(mdast, frontMatter);
    }
    markAlerts(mdast);
    if (syntax.math) repairs.push(...syntax.math.render(mdast, file, syntax.math.temml));
    const { headings, tocMarkers } = headingsAndMarkers(mdast);
    const html = unified().use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: footnotePrefix });
    const unparsed = html.runSync(mdast, file) as HastRoot;
    repairs.push(...closeRawElements(unparsed));
    const hast = parseRawHtml(unparsed, file);
    prefixFootnoteLabel(hast, footnotePrefix);
    // Markdown's own HTML follows the content model; raw HTML may not.
    let hasHtml = false;
    visit(mdast, 'html', () => void (hasHtml = true));
    if (hasHtml) repairs.push(...repairContentModel(hast));
    return { mdast, hast, headings, tocMarkers, repairs };
  };
}

/**
 * mdast-util-to-hast gives every chapter's footnote heading the same id, `footnote-label`, even
 * with `clobberPrefix`; once chapters are joined those would clash, so the label gets the prefix.
 */
function prefixFootnoteLabel(hast: HastRoot, prefix: string): void {
  visit(hast, 'element', (element) => {
    if (element.tagName === 'h2' && element.properties.id === 'footnote-label')
      element.properties.id = `${prefix}footnote-label`;
    const describedBy = element.properties.ariaDescribedBy;
    if (
      element.properties.dataFootnoteRef !== undefined &&
      Array.isArray(describedBy) &&
      describedBy.includes('footnote-label')
    )
      element.properties.ariaDescribedBy = [`${prefix}footnote-label`];
  });
}
