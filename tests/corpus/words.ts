import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { raw } from 'hast-util-raw';
import JSZip from 'jszip';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit, SKIP } from 'unist-util-visit';
import { parse } from 'yaml';
import type { Root as MdRoot } from 'mdast';
import remarkGemoji from 'remark-gemoji';
import { markAlerts } from '../../scripts/book/syntax/alerts.js';
import { cutFrontMatter } from '../../scripts/book/syntax/front-matter.js';
import { remarkMathSyntax } from '../../scripts/book/syntax/math-syntax.js';

/** Elements whose content the README says the outputs drop: they run code or embed other pages. */
const dropped = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'frame',
  'frameset',
  'applet',
  'noscript',
  'template',
]);

/**
 * The author's words (Unicode word segmentation of the chapters' text, raw HTML included) that a
 * format does not have. A word cut at a line's end in the PDF still counts as there.
 */
export async function missingWords(
  folder: string,
  config: string,
  out: string,
  epub: string,
  pdf: string,
): Promise<Record<string, string[]>> {
  const chapters = (parse(readFileSync(config, 'utf8')) as { chapters: string[] }).chapters;
  const source = new Set(
    chapters.flatMap((chapter) => words(sourceText(readFileSync(path.join(folder, chapter), 'utf8')))),
  );
  const site = path.join(out, 'html');
  const siteText = readdirSync(site)
    .filter((name) => name.endsWith('.html') && name !== 'book.html')
    .map((name) => htmlText(readFileSync(path.join(site, name), 'utf8')))
    .join('\n');
  const zip = await JSZip.loadAsync(readFileSync(path.join(out, epub)));
  const pages = Object.keys(zip.files).filter((name) => name.endsWith('.xhtml'));
  const epubText = (await Promise.all(pages.map(async (name) => htmlText(await zip.file(name)!.async('string'))))).join(
    '\n',
  );
  // Two readers of the PDF's text: each breaks some right-to-left words that the other keeps
  // (pdftotext moves marks and splits at them, mutool gives visual order, which key() ignores).
  const poppler = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(out, pdf), '-'], {
    maxBuffer: 1 << 30,
  }).toString('utf8');
  const mupdf = execFileSync('mutool', ['draw', '-q', '-F', 'txt', '-o', '-', path.join(out, pdf)], {
    maxBuffer: 1 << 30,
  }).toString('utf8');
  const pdfText = `${poppler}\n${mupdf}`;
  const single = htmlText(readFileSync(path.join(site, 'book.html'), 'utf8'));
  return {
    site: absent(source, siteText),
    'one-page HTML': absent(source, single),
    EPUB: absent(source, epubText),
    PDF: absent(source, pdfText, `${withoutPageFurniture(poppler)}\n${withoutPageFurniture(mupdf)}`),
  };
}

/**
 * Source words that the text lacks, even joined up (a word cut at a line's or page's end, `flowing` without the page's
 * furniture).
 */
function absent(source: ReadonlySet<string>, text: string, flowing = text): string[] {
  const have = new Set(words(text).map(key));
  // A word the print hyphenated at a line's end (U+2010, which it adds) is whole again.
  const joined = normalize(flowing)
    .replace(/\u2010\s*\n\s*/g, '')
    .replace(/\s+/g, '');
  return [...source].filter((word) => !have.has(key(word)) && !joined.includes(word));
}

/**
 * A word as compared. Text taken back out of a PDF puts a right-to-left ligature's letters in
 * the wrong order (pdftotext gives "اإلجابة" for "الإجابة") and moves marks: an Arabic or Hebrew
 * word is compared as the set of its letters.
 */
function key(word: string): string {
  if (!/[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(word)) return word;
  return Array.from(word.replace(/[\p{M}\u0640]/gu, ''))
    .sort()
    .join('');
}

/**
 * A PDF's text without its folios and running heads (a page's first or last two lines that are a
 * number, or that stand at the edge of three pages or more): they cut a paragraph at a page's end.
 */
function withoutPageFurniture(text: string): string {
  const pages = text.split('\f').map((page) =>
    page
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  );
  const edges = (lines: string[]): string[] => [...lines.slice(0, 2), ...lines.slice(-2)];
  const seen = new Map<string, number>();
  for (const lines of pages) for (const line of new Set(edges(lines))) seen.set(line, (seen.get(line) ?? 0) + 1);
  const folio = (line: string): boolean =>
    /^[ivxlcdm]+$/i.test(line) || (/^[0-9]+$/.test(line) && Number(line) <= pages.length);
  const furniture = (line: string): boolean => folio(line) || (seen.get(line) ?? 0) >= 3;
  const keep = (line: string, index: number, lines: string[]): boolean =>
    (index >= 2 && index < lines.length - 2) || !furniture(line);
  return pages.map((lines) => lines.filter(keep).join('\n')).join('\n');
}

/**
 * The text of a Markdown chapter as a reader sees it on GitHub, raw HTML parsed, comments and
 * scripts left out, and what GitHub renders as something else than its source left out too: front
 * matter, alerts' markers, math (TeX), Mermaid's source (its labels are checked by the fixture's
 * tests), emoji shortcodes (read as their emoji).
 */
function sourceText(markdown: string): string {
  const text = cutFrontMatter(markdown)?.text ?? markdown;
  const md = unified().use(remarkParse).use(remarkGfm).use(remarkMathSyntax).use(remarkGemoji);
  const mdast = md.runSync(md.parse(text)) as MdRoot;
  markAlerts(mdast);
  visit(mdast, (node, index, parent) => {
    const rendered = node.type === 'inlineMath' || (node.type === 'code' && /^(math|mermaid)$/i.test(node.lang ?? ''));
    if (!rendered || !parent || index === undefined) return undefined;
    // A space, as the formula stands between words (Chinese is segmented by its neighbours).
    parent.children.splice(index, 1, { type: 'text', value: ' ' });
    return index + 1;
  });
  const hast = raw(unified().use(remarkRehype, { allowDangerousHtml: true }).runSync(mdast) as Root);
  return textOf(hast as Root).replaceAll('[TOC]', '');
}

function htmlText(html: string): string {
  return textOf(fromHtml(html));
}

function textOf(tree: Root): string {
  const parts: string[] = [];
  visit(tree, (node) => {
    // The footnotes' heading is the tool's word ("Footnotes"), not the author's.
    if (
      node.type === 'element' &&
      (dropped.has(node.tagName) || node.tagName === 'head' || node.properties.id === 'footnote-label')
    )
      return SKIP;
    if (node.type === 'text') parts.push(node.value);
    if (node.type === 'element' && /^(p|li|h[1-6]|td|th|div|pre|br|dd|dt|tr|summary|blockquote)$/.test(node.tagName))
      parts.push('\n');
    return undefined;
  });
  return parts.join('');
}

/**
 * NFKC, lower case, and no bidirectional controls (pdftotext writes them around runs of text) nor
 * soft hyphens (the PDF's, where a line breaks).
 */
function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad]/g, '');
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** Words by Unicode's rules (Chinese too); line by line, as each segment carries a copy of its input. */
function words(text: string): string[] {
  return (
    normalize(text)
      // pdftotext drops the space where right-to-left text meets other text ("letقبل"): words are
      // split there on both sides.
      .replace(/(?<=[\p{Script=Arabic}\p{Script=Hebrew}])(?=[^\p{Script=Arabic}\p{Script=Hebrew}\p{M}\s])/gu, ' ')
      .replace(/(?<=[^\p{Script=Arabic}\p{Script=Hebrew}\p{M}\s])(?=[\p{Script=Arabic}\p{Script=Hebrew}])/gu, ' ')
      .split('\n')
      .flatMap((line) => [...segmenter.segment(line)].filter((s) => s.isWordLike).map((s) => s.segment))
  );
}

/** The author's words that a DOCX does not have, as Pandoc reads its text back. */
export function docxMissingWords(folder: string, config: string, docx: string): string[] {
  const chapters = (parse(readFileSync(config, 'utf8')) as { chapters: string[] }).chapters;
  const source = new Set(
    chapters.flatMap((chapter) => words(sourceText(readFileSync(path.join(folder, chapter), 'utf8')))),
  );
  // Read as HTML, whose text is the document's as written: Pandoc's plain text marks some up (a
  // superscript as ^x^), which would split words such as 2<sup>width</sup>.
  const html = execFileSync('pandoc', ['-f', 'docx', '-t', 'html', docx], { maxBuffer: 1 << 30 }).toString('utf8');
  return absent(source, htmlText(html));
}
