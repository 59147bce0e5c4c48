import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Book } from '../../book/types.js';
import { finalize, type HrefFor } from '../finalize.js';
import type { RenderContext } from '../renderer.js';
import { fillShell } from '../templates.js';
import { toXhtml } from './xhtml.js';

/** One XHTML file of the package, in reading order. */
export interface EpubPage {
  readonly id: string;
  readonly filename: string;
  readonly title: string;
  readonly xhtml: string;
}

const head = [h('link', { rel: 'stylesheet', type: 'text/css', href: 'style.css' })];

/** The cover page (when book.yaml has a cover) and one page per chapter, as XHTML. */
export function epubPages(context: RenderContext, hrefFor: HrefFor): EpubPage[] {
  const { book, templates } = context;
  const { config } = book;
  const page = (title: string, body: ElementContent[]): string => toXhtml(fillShell(templates.shell, { lang: config.language, title, head, body }), config.language);
  const pages: EpubPage[] = [];
  if (book.cover) {
    const cover = h('img', { src: book.cover.href, alt: `Cover of ${config.title}`, 'epub:type': 'cover', role: 'doc-cover', className: ['cover-image'] });
    pages.push({ id: 'cover', filename: 'cover.xhtml', title: config.title, xhtml: page(config.title, [h('section.cover', [cover])]) });
  }
  for (const content of context.content) {
    const chapter = book.chapters[content.chapter]!;
    // The reader's own navigation serves as the table of contents: the [TOC] place is dropped.
    const body = forEpub(finalize(content.tree, hrefFor, () => undefined));
    pages.push({ id: `chapter-${chapter.index + 1}`, filename: `${chapter.name}.xhtml`, title: chapter.title, xhtml: page(chapter.title, body) });
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
    if (node.tagName === 'section' && props.dataFootnotes !== undefined) Object.assign(props, { 'epub:type': 'endnotes', role: 'doc-endnotes' });
    node.children = node.children.flatMap(visit);
    return node.tagName === 'a' && typeof props.href === 'string' && !openable(props.href) ? node.children : [node];
  };
  return nodes.flatMap(visit);
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

/** Links inside the EPUB: the chapter's XHTML file and the heading's id. */
export function epubHref(book: Book): HrefFor {
  return (target) => {
    const file = `${book.chapters[target.chapter]!.name}.xhtml`;
    return target.id === undefined ? file : `${file}#${target.id}`;
  };
}
