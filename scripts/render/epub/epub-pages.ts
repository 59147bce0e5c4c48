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
    const body = withNoteSemantics(finalize(content.tree, hrefFor, () => undefined));
    pages.push({ id: `chapter-${chapter.index + 1}`, filename: `${chapter.name}.xhtml`, title: chapter.title, xhtml: page(chapter.title, body) });
  }
  return pages;
}

/**
 * GFM footnotes as EPUB notes: references are `noteref`s, the notes section `endnotes` (they
 * stand at the chapter's end), back links `doc-backlink`; each with the ARIA role that Ace
 * pairs with its epub:type.
 */
function withNoteSemantics(nodes: ElementContent[]): ElementContent[] {
  const visit = (node: ElementContent): void => {
    if (node.type !== 'element') return;
    const props = node.properties;
    if (props.dataFootnoteRef !== undefined) Object.assign(props, { 'epub:type': 'noteref', role: 'doc-noteref' });
    if (props.dataFootnoteBackref !== undefined) props.role = 'doc-backlink';
    if (node.tagName === 'section' && props.dataFootnotes !== undefined) Object.assign(props, { 'epub:type': 'endnotes', role: 'doc-endnotes' });
    node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return nodes;
}

/** Links inside the EPUB: the chapter's XHTML file and the heading's id. */
export function epubHref(book: Book): HrefFor {
  return (target) => {
    const file = `${book.chapters[target.chapter]!.name}.xhtml`;
    return target.id === undefined ? file : `${file}#${target.id}`;
  };
}
