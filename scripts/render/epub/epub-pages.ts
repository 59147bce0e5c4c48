import { fill } from '../../config/labels.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Book } from '../../book/types.js';
import { finalize, type HrefFor } from '../finalize.js';
import { lightTheme } from '../light-theme.js';
import { openDetails } from '../open-details.js';
import type { RenderContext } from '../renderer.js';
import { fillShell } from '../templates.js';
import { toXhtml } from './xhtml.js';
import path from 'node:path';
import { imageTypes } from '../../book/media-types.js';
import { canEmbed } from '../formats.js';

/** One XHTML file of the package, in reading order. */
export interface EpubPage {
  readonly id: string;
  readonly filename: string;
  readonly title: string;
  readonly xhtml: string;
  /** The manifest's `svg`/`mathml` properties when the page holds inline SVG or MathML (OPF-014). */
  readonly properties?: string;
}

const head = [h('link', { rel: 'stylesheet', type: 'text/css', href: 'style.css' })];

/**
 * The cover page (when book.yaml has a cover) and one page per chapter, as XHTML; the event loop
 * turns between chapters, for the PDF's browser.
 */
export async function epubPages(context: RenderContext, hrefFor: HrefFor): Promise<EpubPage[]> {
  const { book, templates } = context;
  const { config } = book;
  const page = (title: string, body: ElementContent[]): string =>
    toXhtml(
      fillShell(templates.shell, { lang: config.language, dir: config.direction, title, head, body }),
      config.language,
    );
  const pages: EpubPage[] = [];
  const coverImage = epubCover(book);
  if (coverImage) {
    const cover = h('img', {
      src: coverImage.href,
      alt: fill(config.labels.coverOf, { title: config.title }),
      'epub:type': 'cover',
      role: 'doc-cover',
      className: ['cover-image'],
    });
    pages.push({
      id: 'cover',
      filename: 'cover.xhtml',
      title: config.title,
      xhtml: page(config.title, [h('section.cover', [cover])]),
    });
  }
  for (const content of context.content) {
    await nextTurn();
    const chapter = book.chapters[content.chapter]!;
    // The reader's own navigation serves as the table of contents: the [TOC] place is dropped.
    const body = lightTheme(openDetails(forEpub(finalize(content.tree, hrefFor, () => undefined))));
    const properties = [...foreignVocabularies(body)].join(' ') || undefined;
    pages.push({
      id: `chapter-${chapter.index + 1}`,
      filename: `${chapter.name}.xhtml`,
      title: chapter.title,
      xhtml: page(chapter.title, body),
      properties,
    });
  }
  return pages;
}

/** URL schemes that reading systems know; EPUBCheck warns about any other (HTM-025). */
const knownSchemes = new Set(['http', 'https', 'mailto', 'ftp', 'tel', 'sms', 'news', 'irc', 'geo', 'urn']);

/**
 * What only the EPUB needs. GFM footnotes become EPUB notes: references are `noteref`s, the
 * notes section `endnotes` (they stand at the chapter's end), back links `doc-backlink`, each with
 * the ARIA role that Ace pairs with its epub:type. A link to a URL that is not one a reading
 * system can open (an unknown scheme, no host) becomes its text.
 */
function forEpub(nodes: ElementContent[]): ElementContent[] {
  const visit = (node: ElementContent): ElementContent[] => {
    if (node.type !== 'element') return [node];
    const props = node.properties;
    if (props.dataFootnoteRef !== undefined) Object.assign(props, { 'epub:type': 'noteref', role: 'doc-noteref' });
    if (props.dataFootnoteBackref !== undefined) props.role = 'doc-backlink';
    if (node.tagName === 'section' && props.dataFootnotes !== undefined)
      Object.assign(props, { 'epub:type': 'endnotes', role: 'doc-endnotes' });
    node.children = node.children.flatMap(visit);
    // An image the EPUB cannot carry (WebP; the image-format rule says so): its alt text stands in.
    // Its path's extension is its type's (resolve-references.ts names it from its bytes).
    const type =
      node.tagName === 'img' && typeof props.src === 'string'
        ? imageTypes[path.extname(props.src).toLowerCase()]
        : undefined;
    if (type && !canEmbed('epub', type)) {
      return typeof props.alt === 'string' && props.alt ? [h('span.missing-image', props.alt)] : [];
    }
    return node.tagName === 'a' && typeof props.href === 'string' && !openable(props.href) ? node.children : [node];
  };
  return nodes.flatMap(visit);
}

function foreignVocabularies(nodes: readonly ElementContent[], found = new Set<string>()): Set<string> {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (node.tagName === 'svg') found.add('svg');
    else if (node.tagName === 'math') found.add('mathml');
    else foreignVocabularies(node.children, found);
  }
  return found;
}

function openable(href: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  if (!scheme) return true;
  if (!knownSchemes.has(scheme)) return false;
  if (scheme !== 'http' && scheme !== 'https') return true;
  try {
    return /^[a-z0-9.-]+$/i.test(new URL(href).hostname) && !new URL(href).hostname.startsWith('.');
  } catch {
    return false;
  }
}

/** The cover, when the EPUB can carry it (not WebP: no EPUB 3.2 core media type). */
export function epubCover(book: Book): Book['cover'] {
  return book.cover && canEmbed('epub', book.cover.mediaType) ? book.cover : undefined;
}

/** Links inside the EPUB: the chapter's XHTML file and the heading's id. */
export function epubHref(book: Book): HrefFor {
  return (target) => {
    const file = `${book.chapters[target.chapter]!.name}.xhtml`;
    return target.id === undefined ? file : `${file}#${target.id}`;
  };
}
