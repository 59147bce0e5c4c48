import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Element } from 'hast';
import type { BookConfig } from '../config/load-config.js';
import { cleanSvg } from './clean-svg.js';
import { IdRegistry } from './ids.js';
import { treeIndex, writtenUrls } from './tree-index.js';
import { extensionFor, imageTypes, isEmbeddable, sniffImageType } from './media-types.js';
import type { Asset, Chapter, Reference, Target } from './types.js';
import { safeDecode } from './safe-decode.js';

/**
 * Finds every link (`a[href]`) and image (`img[src]`) of every chapter, Markdown or raw HTML,
 * and resolves it: to a heading or chapter of the book, to an image file inside the book's folder
 * (read once, as an asset), or to why it cannot be (missing, broken, unsafe, remote).
 * Nothing outside the book's folder is ever read.
 */
export function resolveReferences(
  config: BookConfig,
  chapters: readonly Chapter[],
): { references: Reference[]; assets: Asset[]; cover: Asset | undefined } {
  const byPath = new Map(chapters.map((chapter) => [chapter.file.path, chapter]));
  const assets = new AssetReader();
  const asset = (source: string): Asset | 'missing' | 'unsupported' => assets.read(source);
  const references: Reference[] = [];
  for (const chapter of chapters) {
    const written = writtenUrls(chapter.mdast);
    for (const element of treeIndex(chapter.hast).links) {
      const found = linkOf(element);
      if (!found) continue;
      const offset = element.position?.start.offset;
      const base = {
        ...found,
        chapter: chapter.index,
        element,
        written: (offset !== undefined && written.get(offset)) || found.url,
        position: element.position,
      } as const;
      references.push({ ...base, ...resolveOne(found.kind, found.url, chapter, element, config, byPath, asset) });
    }
  }
  // The cover was checked with book.yaml; it is an asset like the others, listed first.
  const cover = config.cover ? asset(config.cover) : undefined;
  const all = assets.all();
  return {
    references,
    assets: typeof cover === 'object' ? [cover, ...all.filter((a) => a !== cover)] : all,
    cover: typeof cover === 'object' ? cover : undefined,
  };
}

/** What an element links or embeds: a link's `href`, an image's `src`, a picture source's first candidate. */
function linkOf(element: Element): { kind: 'link' | 'image'; url: string } | undefined {
  const kind =
    element.tagName === 'a' ? 'link' : element.tagName === 'img' || pictureSource(element) ? 'image' : undefined;
  const url =
    kind === 'link'
      ? element.properties.href
      : element.tagName === 'img'
        ? element.properties.src
        : kind === 'image'
          ? firstCandidate(element)
          : undefined;
  return kind && typeof url === 'string' && url !== '' ? { kind, url } : undefined;
}

/** The book's images, each read once, by source path, with output names unique in the book. */
class AssetReader {
  readonly #assets = new Map<string, Asset>();
  readonly #names = new IdRegistry();

  /** The image at `source` as an asset, or why it cannot be one. */
  read(source: string): Asset | 'missing' | 'unsupported' {
    const known = this.#assets.get(source);
    if (known) return known;
    if (!statSync(source, { throwIfNoEntry: false })?.isFile()) return 'missing';
    const bytes = readFileSync(source);
    // The type is the bytes' (a PNG named .jpeg is a PNG), and so is the extension in the outputs.
    const mediaType = sniffImageType(bytes);
    if (!isEmbeddable(mediaType)) return 'unsupported';
    const own = path.extname(source);
    const namedType = imageTypes[own.toLowerCase()];
    const base = path.basename(source, own).replace(/[^-_A-Za-z0-9]+/g, '-') || 'image';
    // An SVG is a document that can carry scripts: only a cleaned copy is embedded.
    const svg = mediaType === 'image/svg+xml' ? cleanSvg(bytes.toString('utf8')) : undefined;
    const data = svg ? Buffer.from(svg.svg) : bytes;
    const href = `images/${this.#names.unique(base)}${extensionFor(mediaType, own)}`;
    const created: Asset = {
      source,
      href,
      mediaType,
      data,
      scriptsRemoved: svg?.removed ?? false,
      ...(namedType === mediaType ? {} : { namedType: namedType ?? 'none' }),
    };
    this.#assets.set(source, created);
    return created;
  }

  /** Every asset read, in the order first read. */
  all(): Asset[] {
    return [...this.#assets.values()];
  }
}

/** A `<source srcset>` (of a `<picture>`: GitHub's themed images); `<source src>` is audio or video. */
function pictureSource(element: Element): boolean {
  return (
    element.tagName === 'source' &&
    (typeof element.properties.srcSet === 'string' || Array.isArray(element.properties.srcSet))
  );
}

/** The first image of a `srcset` (`dark.png 1x, dark@2x.png 2x`): the one the book embeds. */
export function firstCandidate(element: Element): string | undefined {
  const set = element.properties.srcSet;
  const text = Array.isArray(set) ? set.join(', ') : typeof set === 'string' ? set : '';
  return /^\s*([^\s,]+)/.exec(text)?.[1];
}

type Resolution = Pick<Reference, 'status' | 'target' | 'asset' | 'file' | 'folder' | 'href'>;

function resolveOne(
  kind: 'link' | 'image',
  url: string,
  chapter: Chapter,
  element: Element,
  config: BookConfig,
  byPath: ReadonlyMap<string, Chapter>,
  asset: (source: string) => Asset | 'missing' | 'unsupported',
): Resolution {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'file') return { status: 'unsafe' };
  if (scheme === 'http' || scheme === 'https' || url.startsWith('//'))
    return { status: kind === 'image' ? 'remote' : 'external' };
  if (scheme) return { status: kind === 'image' ? 'unsafe' : 'external' };
  if (kind === 'link' && isFootnoteLink(element))
    return { status: 'internal', target: { chapter: chapter.index, id: url.slice(1) } };

  const hash = url.indexOf('#');
  const pathPart = safeDecode((hash === -1 ? url : url.slice(0, hash)).replace(/\?.*$/, ''));
  const fragment = hash === -1 ? undefined : safeDecode(url.slice(hash + 1));
  // GitHub reads a root-relative path (`/CONTRIBUTING.md`) from the repository's root: the book's folder.
  const absolute =
    pathPart === ''
      ? chapter.file.path
      : path.isAbsolute(pathPart)
        ? path.join(config.root, pathPart)
        : path.resolve(path.dirname(chapter.file.path), pathPart);
  const relative = path.relative(config.root, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { status: 'unsafe' };

  if (kind === 'image') {
    const found = asset(absolute);
    return typeof found === 'string' ? { status: found } : { status: 'asset', asset: found };
  }
  const target = byPath.get(absolute) ?? folderChapter(absolute, byPath);
  if (!target) return repositoryFile(absolute, relative, fragment, config);
  if (fragment === undefined || fragment === '')
    return { status: 'internal', target: { chapter: target.index, id: undefined } };
  const id = findFragment(target, fragment);
  return { status: id === undefined ? 'broken' : 'internal', target: { chapter: target.index, id } satisfies Target };
}

/** Whether a file is the page GitHub shows for its folder: its README (any case, any extension) or index. */
export function isFolderPage(file: string): boolean {
  return /^(?:readme|index)$/i.test(path.parse(file).name);
}

/** A folder's chapter, as GitHub shows a folder by its README (or index): the chapter in it that `isFolderPage`. */
function folderChapter(folder: string, byPath: ReadonlyMap<string, Chapter>): Chapter | undefined {
  for (const [file, chapter] of byPath) if (path.dirname(file) === folder && isFolderPage(file)) return chapter;
  return undefined;
}

/**
 * A file or folder of the book's folder that is not a chapter: with `repository` in book.yaml the
 * link goes to it on the web, as GitHub's own page of it; without, the link becomes its text.
 */
function repositoryFile(
  absolute: string,
  relative: string,
  fragment: string | undefined,
  config: BookConfig,
): Resolution {
  const found = statSync(absolute, { throwIfNoEntry: false });
  if (!found) return { status: 'broken', file: absolute };
  const folder = found.isDirectory();
  if (!config.repository) return { status: 'unlinked', file: absolute, folder };
  const { url, branch } = config.repository;
  const kind = folder ? 'tree' : 'blob';
  const segments = [branch, ...relative.split(path.sep).filter(Boolean)].map(encodeURIComponent).join('/');
  const hash = fragment ? `#${encodeURIComponent(fragment)}` : '';
  return {
    status: 'repository',
    file: absolute,
    folder,
    href: `${url.replace(/\/+$/, '')}/${kind}/${segments}${hash}`,
  };
}

/**
 * A fragment as authors write it: GitHub's slug of a heading in that file, a figure's or table's
 * id (figures.ts), or an id from raw HTML.
 */
function findFragment(chapter: Chapter, fragment: string): string | undefined {
  const heading =
    chapter.headings.find((h) => h.slug === fragment) ??
    chapter.headings.find((h) => h.slug === fragment.toLowerCase());
  if (heading) return heading.id;
  const figure = chapter.figures.find((each) => each.written === fragment && !each.element.properties.id);
  if (figure) return figure.id;
  const raw = chapter.rawIds.find((each) => each.id === fragment && !each.dropped);
  return raw ? (raw.renamed ?? raw.id) : undefined;
}

/** Links that remark-rehype made for footnotes: already book-wide (prefixed per chapter). */
function isFootnoteLink(element: Element): boolean {
  return element.properties.dataFootnoteRef !== undefined || element.properties.dataFootnoteBackref !== undefined;
}
