import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { Book, Target } from '../../book/types.js';
import { Kept, digest } from '../../kept.js';
import type { ChapterContent } from '../../transform/transform.js';
import { chapterSection, oneDocumentHref } from '../book-sections.js';
import { finalize, type HrefFor } from '../finalize.js';
import { titlePage } from '../front-matter.js';
import type { OutputFile, RenderContext, Renderer } from '../renderer.js';
import { fillShell, ownTemplate, sharedStyle } from '../templates.js';
import { figureList, tocNav } from '../toc.js';
import { searchScript, tocScript } from './site-data.js';

/**
 * The HTML site: `html/index.html` (title page and contents), one page per chapter with a
 * sidebar, search and previous/next links, and `html/book.html`, the whole book on one page.
 * It opens from disk or any static host: nothing is fetched from elsewhere.
 */
export const htmlRenderer: Renderer = {
  async render(context) {
    const pages = await sitePages(context);
    // Page by page, letting the event loop turn between them: the PDF's browser, driven from
    // this thread too, gets its next step while the site is made.
    await nextTurn();
    return [...pages, ...wholeBookFiles(context)];
  },
};

/** The files of the whole book's text, which `wholeBookFiles` makes: the rest is `sitePages`'. */
export const wholeBookPaths: readonly string[] = ['html/book.html', 'html/search-index.js'];

/**
 * The site but for `book.html` and the search index: its pages, style, scripts, contents and
 * images. The preview writes these at once after a save, and the whole book's files when they
 * are asked for or it is idle: they hold every chapter's text.
 */
export async function sitePages(context: RenderContext): Promise<OutputFile[]> {
  const { book, templates } = context;
  const siteHref = pageHref(book, -1);
  const page = (title: string, body: ElementContent[], kind: string, links: Element[] = []): string =>
    toHtml(
      fillShell(templates.shell, {
        lang: book.config.language,
        dir: book.config.direction,
        title,
        head: [h('link', { rel: 'stylesheet', href: 'style.css' }), ...links],
        body,
        bodyClass: `site ${kind}`,
        before: siteHeader(book),
        after: [h('script', { src: 'toc.js' }), h('script', { src: 'site.js' })],
      }),
    );
  const { site, contents } = siteKeys(context);
  const tocChapter = book.tocMarkers.find((marker) => marker.alone)?.chapter;
  const files: OutputFile[] = [
    {
      path: 'html/style.css',
      data: `${sharedStyle(templates, context.content)}\n${ownTemplate(templates, 'site.css')}`,
    },
    { path: 'html/site.js', data: ownTemplate(templates, 'site.js') },
    { path: 'html/toc.js', data: whole.get(tocFile, contents, () => tocScript(book, siteHref)) },
    ...book.assets.map((asset) => ({ path: `html/${asset.href}`, data: asset.data })),
    {
      path: 'html/index.html',
      data: whole.get(indexPage, `${contents}${figuresKey(book)}`, () =>
        page(book.config.title, indexBody(book, siteHref), 'index', firstLink(book)),
      ),
    },
  ];
  for (const content of context.content) {
    const chapter = book.chapters[content.chapter]!;
    const titles = [chapter.index - 1, chapter.index, chapter.index + 1].map((index) => book.chapters[index]?.title);
    const key = JSON.stringify([site, chapter.index, titles, chapter.index === tocChapter ? contents : '']);
    let made = false;
    const data = pages.get(content, key, () => {
      made = true;
      const hrefFor = pageHref(book, chapter.index);
      const body = [
        ...withHeadingLinks(
          finalize(content.tree, hrefFor, () => tocNav(book, hrefFor)),
          book.config.labels.linkToSection,
        ),
        chapterNav(book, chapter.index),
      ];
      return page(`${chapter.title} – ${book.config.title}`, body, 'chapter', neighbourLinks(book, chapter.index));
    });
    files.push({ path: `html/${chapter.name}.html`, data });
    if (made) await nextTurn();
  }
  return files;
}

/** The first page: the title page, the contents, and the list of figures when asked for. */
function indexBody(book: Book, siteHref: HrefFor): Element[] {
  return [titlePage(book, 'h1'), tocNav(book, siteHref), figureList(book, siteHref)].filter(
    (element) => element !== undefined,
  );
}

/** What the list of figures shows, for the key of the first page. */
function figuresKey(book: Book): string {
  if (!book.config.toc.figures) return '';
  return JSON.stringify(book.chapters.map((chapter) => chapter.figures.map((f) => [f.number, f.id, f.caption])));
}

/** `book.html` and `search-index.js` (at `wholeBookPaths`). */
export function wholeBookFiles(context: RenderContext): OutputFile[] {
  const { site, contents } = siteKeys(context);
  return [
    { path: 'html/book.html', data: wholeBookPage(context, site, contents) },
    { path: 'html/search-index.js', data: searchScript(context, pageHref(context.book, -1)) },
  ];
}

/**
 * What every page reads of the book besides its chapter (book.yaml, the chapters' names and
 * ids, the templates), and that with the headings (the contents), as short keys: worked out once
 * for a build's context, which the site's pages and its whole-book files share.
 */
function siteKeys(context: RenderContext): { site: string; contents: string } {
  return keysOf.once(context, () => {
    const { book } = context;
    const site = digest([configKey(book), book.chapters.map((c) => [c.name, c.id]), context.templates]);
    const headings = book.headings.map((heading) => [heading.chapter, heading.depth, heading.id, heading.text]);
    return { site, contents: digest([site, headings]) };
  });
}

const keysOf = new Kept<RenderContext, { site: string; contents: string }>();

/**
 * What the site made, kept for the next build (kept.ts): each chapter's page and its section of
 * `book.html`, the contents and the sidebar's. A save in the preview makes again only what it
 * changed: its chapter's page and section, and the contents when a heading changed.
 */
const pages = new Kept<ChapterContent, string>();
const sections = new Kept<ChapterContent, string>();
const whole = new Kept<object, string>();
const tocFile = {};
const indexPage = {};

/** What pages read of book.yaml: all of it but the chapters' own files, which are read apart. */
function configKey(book: Book): unknown {
  return { ...book.config, file: String(book.config.file.value) };
}

/**
 * `book.html`: the title page and every chapter, on one page; the TOC where the `[TOC]` marker
 * is. Each chapter's section is made (and kept) apart and put in the page's place for them: an
 * element's HTML does not depend on its siblings'.
 */
function wholeBookPage(context: RenderContext, site: string, contents: string): string {
  const { book } = context;
  // A comment no template holds: its text holds the templates' own digest.
  const place = `book-sections-${site}`;
  const shell = toHtml(
    fillShell(context.templates.shell, {
      lang: book.config.language,
      dir: book.config.direction,
      title: book.config.title,
      head: [h('link', { rel: 'stylesheet', href: 'style.css' })],
      body: [titlePage(book, 'p'), { type: 'comment', value: place }],
    }),
  );
  const toc = (): Element => tocNav(book, oneDocumentHref(book));
  const tocChapter = book.tocMarkers.find((marker) => marker.alone)?.chapter;
  const html = context.content.map((content) => {
    const key = JSON.stringify([site, content.chapter, content.chapter === tocChapter ? contents : '']);
    return sections.get(content, key, () => toHtml(chapterSection(book, content, toc)));
  });
  // The title page before the comment is book.yaml's text, escaped: the comment is the one place.
  const [before, after] = shell.split(`<!--${place}-->`);
  return `${before}${html.join('')}${after}`;
}

/** Links as seen from the page of chapter `from` (-1: the index page). */
function pageHref(book: Book, from: number): HrefFor {
  return (target: Target) => {
    const file = target.chapter === from ? '' : `${book.chapters[target.chapter]!.name}.html`;
    return target.id === undefined ? file || '#' : `${file}#${target.id}`;
  };
}

/** The bar at the top of every page: skip link, sidebar button, title, search. */
function siteHeader(book: Book): Element[] {
  const { labels } = book.config;
  return [
    h('a.skip-link', { href: '#content' }, labels.skipToText),
    h('header.site-header', [
      h('button.sidebar-toggle', { type: 'button', ariaControls: 'sidebar', ariaExpanded: 'false', hidden: true }, [
        h('span', { ariaHidden: 'true' }, '☰'),
        h('span.sr-only', labels.contents),
      ]),
      h('a.site-title', { href: 'index.html' }, book.config.title),
      h('div.search', { role: 'search' }, [
        h('label.sr-only', { for: 'search-input' }, labels.searchBook),
        h('input#search-input', {
          type: 'search',
          placeholder: labels.search,
          autocomplete: 'off',
          ariaControls: 'search-results',
          dataNoResults: labels.noResults,
        }),
        h('div#search-results.search-results', { hidden: true, ariaLive: 'polite' }),
      ]),
    ]),
    h('nav#sidebar.sidebar', { ariaLabel: labels.tableOfContents }),
  ];
}

/**
 * A link icon after every heading that has an id, to share or bookmark the section; not in a
 * heading that stands inside a link (`<a href="…"><h1>…</h1></a>` in raw HTML), as links do not nest.
 */
function withHeadingLinks(nodes: ElementContent[], label: string): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element' || node.tagName === 'a') continue;
    const id = node.properties.id;
    if (
      /^h[1-6]$/.test(node.tagName) &&
      typeof id === 'string' &&
      !(node.properties.className as string[] | undefined)?.includes('sr-only')
    ) {
      node.children.push(h('a.heading-anchor', { href: `#${id}`, ariaLabel: label }, '#'));
    } else {
      withHeadingLinks(node.children, label);
    }
  }
  return nodes;
}

/** `<link rel="prev|next">` for the chapter pages, as browsers and readers use them. */
function neighbourLinks(book: Book, index: number): Element[] {
  const previous = index > 0 ? `${book.chapters[index - 1]!.name}.html` : 'index.html';
  const next = book.chapters[index + 1];
  return [
    h('link', { rel: 'prev', href: previous }),
    ...(next ? [h('link', { rel: 'next', href: `${next.name}.html` })] : []),
  ];
}

function firstLink(book: Book): Element[] {
  const first = book.chapters[0];
  return first ? [h('link', { rel: 'next', href: `${first.name}.html` })] : [];
}

/** Previous, contents and next links at the foot of a chapter page. */
function chapterNav(book: Book, index: number): Element {
  const previous = book.chapters[index - 1];
  const next = book.chapters[index + 1];
  return h('nav.chapter-nav', { ariaLabel: book.config.labels.chapters }, [
    previous
      ? h('a', { href: `${previous.name}.html`, rel: 'prev' }, `← ${previous.title}`)
      : h('a', { href: 'index.html', rel: 'prev' }, `← ${book.config.labels.contents}`),
    next ? h('a', { href: `${next.name}.html`, rel: 'next' }, `${next.title} →`) : h('span'),
  ]);
}
