import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { h } from 'hastscript';
import { select } from 'hast-util-select';
import { EXIT, visit } from 'unist-util-visit';
import { toolRoot } from '../tool-root.js';
import type { ChapterContent } from '../transform/transform.js';

/** The shell page and the style sheets that all formats share, and each format's own files. */
export interface Templates {
  readonly shell: Root;
  readonly style: string;
  /** Added to `style` for a book that has math. */
  readonly math: string;
  /**
   * The files that the formats being made read (their registry entries say which), by name: `print.css`, `site.js`, …
   */
  readonly own: Readonly<Record<string, string>>;
}

/**
 * Loads the templates: each file from the book's own templates folder when it has one, else the
 * tool's. The shell is parsed once into a tree; pages are made by filling a copy of it. `own`:
 * the formats' files to read besides the shared ones.
 */
export function loadTemplates(folder: string, own: readonly string[]): Templates {
  const read = (name: string): string => {
    const mine = path.join(folder, name);
    return readFileSync(existsSync(mine) ? mine : path.join(toolRoot(), 'templates', name), 'utf8');
  };
  return {
    shell: fromHtml(read('page.html')),
    style: read('style.css'),
    math: read('math.css'),
    own: Object.fromEntries(own.map((name) => [name, read(name)])),
  };
}

/** A format's own template file, which its registry entry names (so it was loaded). */
export function ownTemplate(templates: Templates, name: string): string {
  const text = templates.own[name];
  if (text === undefined)
    throw new Error(`the template ${name} was not loaded: name it in the format's registry entry`);
  return text;
}

/** The style that every format shares: style.css, and math.css when the book has math. */
export function sharedStyle(templates: Templates, content: readonly ChapterContent[]): string {
  return content.some((chapter) => chapter.hasMath) ? `${templates.style}\n${templates.math}` : templates.style;
}

/** What a page needs: its language, title, extra head elements and the content of `<main>`. */
export interface PageParts {
  readonly lang: string;
  /** The book's writing direction, on `<html dir>`. */
  readonly dir: 'ltr' | 'rtl';
  readonly title: string;
  readonly head?: readonly Element[];
  readonly body: readonly ElementContent[];
  readonly bodyClass?: string;
  /** Elements put into `<body>` before and after `<main>`. */
  readonly before?: readonly ElementContent[];
  readonly after?: readonly ElementContent[];
}

/** A copy of the shell with the parts put in: the page's text is never pasted into HTML strings. */
export function fillShell(shell: Root, parts: PageParts): Root {
  const page = structuredClone(shell);
  const html = select('html', page);
  const head = select('head', page);
  const body = select('body', page);
  if (!html || !head || !body) throw new Error('The page template needs <html>, <head> and <body>');
  html.properties.lang = parts.lang;
  html.properties.dir = parts.dir;
  const title = select('title', page);
  if (title) title.children = [{ type: 'text', value: parts.title }];
  else head.children.push(h('title', parts.title));
  head.children.push(...(parts.head ?? []));
  if (parts.bodyClass) body.properties.className = [parts.bodyClass];
  const main = select('main', page);
  (main ?? body).children.push(...parts.body);
  if (main) main.properties.id ??= 'content';
  // Before and after <main>, wherever the template put it.
  visit(page, 'element', (node, index, parent) => {
    if (node !== (main ?? undefined) || !parent || index === undefined) return;
    parent.children.splice(index, 1, ...(parts.before ?? []), node, ...(parts.after ?? []));
    return EXIT;
  });
  if (!main) body.children.push(...(parts.after ?? []));
  return page;
}
