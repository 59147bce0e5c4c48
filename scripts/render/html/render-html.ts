import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { Book, Target } from '../../book/types.js';
import { bookPage } from '../book-page.js';
import { finalize, type HrefFor } from '../finalize.js';
import { titlePage } from '../front-matter.js';
import type { OutputFile, Renderer } from '../renderer.js';
import { fillShell } from '../templates.js';
import { tocNav } from '../toc.js';

const stylesheet = h('link', { rel: 'stylesheet', href: 'style.css' });

/** The HTML site: `html/index.html` (title page and contents), one page per chapter, and `html/book.html`. */
export const htmlRenderer: Renderer = {
  format: 'html',
  async render(context) {
    const { book, templates } = context;
    const page = (title: string, body: ElementContent[], bodyClass: string): string =>
      toHtml(fillShell(templates.shell, { lang: book.config.language, title, head: [stylesheet], body, bodyClass }));

    const files: OutputFile[] = [
      { path: 'html/style.css', data: templates.style },
      ...book.assets.map((asset) => ({ path: `html/${asset.href}`, data: asset.data })),
      { path: 'html/index.html', data: page(book.config.title, [titlePage(book, 'h1'), tocNav(book, pageHref(book, -1))], 'index') },
      { path: 'html/book.html', data: toHtml(bookPage(context, { head: [stylesheet], tocWithoutMarker: false })) },
    ];
    for (const content of context.content) {
      const chapter = book.chapters[content.chapter]!;
      const hrefFor = pageHref(book, chapter.index);
      const body = [...finalize(content.tree, hrefFor, () => tocNav(book, hrefFor)), chapterNav(book, chapter.index)];
      files.push({ path: `html/${chapter.name}.html`, data: page(`${chapter.title} – ${book.config.title}`, body, 'chapter') });
    }
    return files;
  },
};

/** Links as seen from the page of chapter `from` (-1: the index page). */
function pageHref(book: Book, from: number): HrefFor {
  return (target: Target) => {
    const file = target.chapter === from ? '' : `${book.chapters[target.chapter]!.name}.html`;
    return target.id === undefined ? file || '#' : `${file}#${target.id}`;
  };
}

/** Previous, contents and next links at the foot of a chapter page. */
function chapterNav(book: Book, index: number): Element {
  const previous = book.chapters[index - 1];
  const next = book.chapters[index + 1];
  return h('nav.chapter-nav', { ariaLabel: 'Chapters' }, [
    previous ? h('a', { href: `${previous.name}.html`, rel: 'prev' }, `← ${previous.title}`) : h('span'),
    h('a', { href: 'index.html' }, 'Contents'),
    next ? h('a', { href: `${next.name}.html`, rel: 'next' }, `${next.title} →`) : h('span'),
  ]);
}
