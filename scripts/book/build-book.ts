import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Element } from 'hast';
import type { Heading as MdHeading } from 'mdast';
import { toString } from 'mdast-util-to-string';
import GithubSlugger from 'github-slugger';
import type { VFile } from 'vfile';
import type { BookConfig } from '../config/load-config.js';
import { IdRegistry } from './ids.js';
import type { ChapterCache } from './parse-cache.js';
import type { ParsedChapter } from './parse-chapter.js';
import { isFolderPage, resolveReferences } from './resolve-references.js';
import { Kept } from '../kept.js';
import { pageNames } from '../render/formats.js';
import { treeIndex } from './tree-index.js';
import { chapterFigures } from './figures.js';
import type { Book, Chapter, Heading } from './types.js';

/**
 * Builds the Book model once: parses every chapter, gives every heading an id that is unique
 * across the book, and resolves every link and image. Problems are left to the rules.
 * Between chapters it lets other work of the process go on: the PDF's browser starts meanwhile,
 * and its start needs this process to answer it.
 */
export async function buildBook(config: BookConfig, files: readonly VFile[], cache?: ChapterCache): Promise<Book> {
  const names = outputNames(files, config.root);
  // The parsers (micromark, parse5 and their extensions) are loaded only when a chapter is not
  // in the cache: loading them is a good part of a cold start.
  const misses = !cache || files.some((file, index) => !cache.has(file, `${names[index]}-`));
  const syntax = misses
    ? await (await import('./syntax/load-syntax.js')).loadSyntax(files.map((file) => String(file.value)))
    : undefined;
  const { parseTimeout } = config;
  const deadline = parseTimeout === undefined ? undefined : () => parseTimeout;
  const parse = misses
    ? (await import('./parse-chapter.js')).createChapterParser(syntax, deadline)
    : () => {
        throw new Error('a chapter left the cache during the build');
      };
  const parsed: ParsedChapter[] = [];
  for (const [index, file] of files.entries()) {
    const prefix = `${names[index]}-`;
    if (cache?.has(file, prefix)) {
      parsed.push(cache.get(file, prefix, parse));
      continue;
    }
    parsed.push(cache ? cache.get(file, prefix, parse) : parse(file, prefix));
    await nextTurn();
  }
  const ids = new IdRegistry();
  const written = new Set<string>();
  const rawIds = parsed.map((chapter, index) => collectRawIds(chapter, `${names[index]}-`, ids, written));
  const chapterIds = names.map((name) => ids.unique(`chapter-${name}`));

  const own = parsed.map((chapter, index) => assignHeadingIds(chapter, index, ids));
  const headings: Heading[] = own.flat();
  // After every heading's: a figure's id never moves a heading's.
  const figures = parsed.map((chapter, index) => chapterFigures(chapter.hast, index, ids));
  const chapters: Chapter[] = parsed.map((chapter, index) => {
    const file = files[index]!;
    if (chapter.tooSlow) file.data.tooSlow = chapter.tooSlow;
    return {
      index,
      file,
      name: names[index]!,
      id: chapterIds[index]!,
      title: chapterTitle(own[index]!, file),
      mdast: chapter.mdast,
      hast: chapter.hast,
      headings: own[index]!,
      figures: figures[index]!,
      rawIds: rawIds[index]!,
      repairs: chapter.repairs,
    };
  });
  const { references, assets, cover } = resolveReferences(config, chapters);
  const tocMarkers = parsed.flatMap((chapter, index) =>
    chapter.tocMarkers.map((marker) => ({ chapter: index, position: marker.node.position, alone: marker.alone })),
  );
  return { config, chapters, headings, references, assets, cover, tocMarkers };
}

/**
 * File base names made safe for every output (`[-._A-Za-z0-9]`) and unique. A chapter that is its
 * folder's README or index (`setup/README.md`), as on GitHub, is named after its folder.
 */
function outputNames(files: readonly VFile[], root: string): string[] {
  const taken = new IdRegistry();
  for (const reserved of pageNames) taken.reserve(reserved);
  return files.map((file) => {
    const folder = path.dirname(file.path);
    const own = isFolderPage(file.path) && folder !== root ? path.basename(folder) : file.stem;
    return taken.unique(own?.replace(/[^-._A-Za-z0-9]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'chapter');
  });
}

/**
 * Ids already in the HTML tree: written by the author in raw HTML, or footnote ids made by
 * remark-rehype. An id written before in the same chapter is `dropped`: the transform leaves it
 * off the later element, as a browser finds only the first, and the `duplicate-id` rule reports
 * it (the HTML parser's own copies of an element, misnested `<b>` or `<a>`, are such too). One
 * written in an earlier chapter is the author's too, as ids are a file's own on GitHub: it is
 * `renamed` to an id free in the book (the PDF is one document), and links in its chapter follow.
 * The tree is not changed: it may be the parse cache's.
 */
function collectRawIds(
  chapter: ParsedChapter,
  footnotePrefix: string,
  ids: IdRegistry,
  written: Set<string>,
): Chapter['rawIds'] {
  // Markdown headings carry the ids of an earlier build when their trees come from the parse cache.
  const headings = new Set(chapter.headings.map((heading) => heading.position?.start.offset));
  const found: Chapter['rawIds'][number][] = [];
  const own = new Set<string>();
  for (const element of treeIndex(chapter.hast).withIds) {
    // `<a name="x">` is an anchor that GitHub's pages (and browsers) honour for `#x`; HTML made
    // `name` on `a` obsolete, so it becomes the element's id.
    const name = element.properties.name;
    if (element.tagName === 'a' && element.properties.id === undefined && typeof name === 'string' && name !== '') {
      element.properties.id = name;
      delete element.properties.name;
    }
    const id = element.properties.id;
    if (typeof id !== 'string' || id === '') continue;
    if (/^h[1-6]$/.test(element.tagName) && headings.has(element.position?.start.offset)) continue;
    if (id.startsWith(footnotePrefix)) {
      ids.reserve(id);
      continue;
    }
    if (own.has(id)) {
      found.push({ id, position: element.position, element, dropped: true });
      continue;
    }
    own.add(id);
    const renamed = written.has(id) ? ids.unique(id) : undefined;
    if (!renamed) ids.reserve(id);
    found.push({ id, position: element.position, element, dropped: false, ...(renamed ? { renamed } : {}) });
    written.add(id);
  }
  return found;
}

function assignHeadingIds(chapter: ParsedChapter, index: number, ids: IdRegistry): Heading[] {
  return ownHeadings(chapter).map(({ node, text, slug, element }) => {
    const id = ids.unique(slug);
    if (element) element.properties.id = id;
    return { chapter: index, depth: node.depth, text, slug, id, node };
  });
}

/** A chapter's headings with their text, their GitHub slug in the chapter and their element. */
interface OwnHeading {
  readonly node: MdHeading;
  readonly text: string;
  readonly slug: string;
  readonly element: Element | undefined;
}

/** Each chapter's own headings, kept with its trees: only the book-wide ids are new at each build. */
const ownHeadingsOf = new Kept<ParsedChapter['mdast'], readonly OwnHeading[]>();

function ownHeadings(chapter: ParsedChapter): readonly OwnHeading[] {
  return ownHeadingsOf.once(chapter.mdast, () => headingsOf(chapter));
}

function headingsOf(chapter: ParsedChapter): readonly OwnHeading[] {
  const slugger = new GithubSlugger();
  const byOffset = new Map<number, Element>();
  for (const element of treeIndex(chapter.hast).headings) {
    const offset = element.position?.start.offset;
    if (offset !== undefined) byOffset.set(offset, element);
  }
  const own = chapter.headings.map((node) => {
    const text = toString(node).trim();
    return { node, text, slug: slugger.slug(text), element: byOffset.get(node.position?.start.offset ?? -1) };
  });
  return own;
}

function chapterTitle(headings: readonly Heading[], file: VFile): string {
  const heading = headings.find((h) => h.depth === 1 && h.text) ?? headings.find((h) => h.text);
  return heading?.text ?? path.basename(file.path, path.extname(file.path));
}
