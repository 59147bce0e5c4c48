import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, ElementContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { h, s } from 'hastscript';
import type { Browser } from 'puppeteer-core';
import { repairForeign } from '../book/foreign-content.js';
import type { Book } from '../book/types.js';
import { report, shown } from '../problems.js';
import type { DiagramBlock } from './find-diagrams.js';
import {
  brief,
  DiagramCache,
  diagramCacheFolder,
  diagramKeys,
  errorPlace,
  mermaidFile,
  type Kept,
} from './diagram-cache.js';
import { drawInBrowser } from './mermaid-page.js';

/** Where a build finds a browser to draw with: the PDF's, already started, or one of its own. */
export type BrowserSource = () => Promise<{ browser: Browser; close(): Promise<void> }>;

/**
 * Draws every Mermaid fence as an SVG at build time, in place in the output trees: Mermaid runs in
 * Chromium (it needs a real layout engine), and no Mermaid script reaches any output.
 * - Each drawing (or Mermaid's error) is kept in `<out>/.cache/diagrams/`, by the diagram's source,
 *   Mermaid's version and the drawing's settings: an unchanged diagram needs no browser again.
 * - The SVG gets a `<title>` and a `<desc>` (Mermaid's `accTitle` and `accDescr` when the author
 *   wrote them, else the diagram's own words), ids of its own in the book, and SVG 1.1's
 *   vocabulary, as EPUB wants it. Its labels are SVG text: selectable, and in the PDF's text.
 * - A diagram Mermaid cannot read, or a new one with no browser to draw it, stays as its source in
 *   a code block, with a warning at its line (rule `diagram`).
 */
export async function drawDiagrams(
  book: Book,
  blocks: readonly DiagramBlock[],
  out: string,
  browser: BrowserSource | undefined,
): Promise<void> {
  const keys = diagramKeys(blocks.map((block) => block.source));
  const cache = new DiagramCache(diagramCacheFolder(out));
  const drawn = new Map<string, Kept>();
  for (const key of new Set(keys)) {
    const known = cache.get(key);
    if (known) drawn.set(key, known);
  }
  // The `diagram` rule has already said what the cache of the default output folder holds.
  const saidByRule =
    path.resolve(out) === path.resolve(book.config.root, 'dist') ? new Set(drawn.keys()) : new Set<string>();
  const missing = [...new Set(keys)].filter((key) => !drawn.has(key));
  const sources = missing.map((key) => blocks[keys.indexOf(key)]?.source ?? '');
  const noBrowser = missing.length > 0 ? await drawMissing(missing, sources, browser, drawn, cache) : undefined;
  cache.save(new Set(keys));
  const placed = new PlacedDiagrams(book);
  blocks.forEach((block, index) => {
    const key = keys[index] ?? '';
    const result = drawn.get(key);
    if (!result) placed.notDrawn(block, noBrowser);
    else if ('error' in result) placed.unreadable(block, result, saidByRule.has(key));
    else placed.place(block, key, result.svg);
  });
}

/**
 * Draws the diagrams not in the cache (`missing`, by key, with their `sources`) in the browser,
 * into `drawn` and the cache; returns why none could be drawn, if no browser could be started.
 */
async function drawMissing(
  missing: readonly string[],
  sources: readonly string[],
  browser: BrowserSource | undefined,
  drawn: Map<string, Kept>,
  cache: DiagramCache,
): Promise<string | undefined> {
  try {
    if (!browser) throw new Error('no browser');
    const opened = await browser();
    const mermaidScript = readFileSync(mermaidFile('dist/mermaid.min.js'), 'utf8');
    try {
      const results = await drawInBrowser(opened.browser, mermaidScript, sources);
      missing.forEach((key, index) => {
        const result = results[index];
        if (!result) return;
        const kept: Kept = 'svg' in result ? { svg: prepareSvg(result.svg) } : result;
        drawn.set(key, kept);
        cache.set(key, kept);
      });
    } finally {
      await opened.close();
    }
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

/** Puts each drawing in its fence's place in the output tree, or says why a fence stays as it is. */
class PlacedDiagrams {
  readonly #uses = new Map<string, number>();
  readonly #severity: 'error' | 'warning' | 'off';

  constructor(private readonly book: Book) {
    this.#severity = book.config.rules.diagram ?? 'warning';
  }

  /** A new diagram with no browser to draw it (`noBrowser` says why). */
  notDrawn(block: DiagramBlock, noBrowser: string | undefined): void {
    if (this.#severity === 'off') return;
    report(
      this.#file(block),
      `this diagram was not drawn, as no browser could be started (${noBrowser}): the HTML and the EPUB show ` +
        'its source; install Chromium (or set PUPPETEER_EXECUTABLE_PATH) to draw it',
      block.pre.position?.start,
      'diagram',
      this.#severity,
    );
  }

  /** A diagram Mermaid cannot read; said already by the rule when `said`, and never for an empty one. */
  unreadable(block: DiagramBlock, result: Extract<Kept, { error: string }>, said: boolean): void {
    if (this.#severity === 'off' || said || block.source.trim() === '') return;
    report(
      this.#file(block),
      `Mermaid cannot read this diagram (${brief(result.error)}): every output shows its source; correct it`,
      errorPlace(block.source, block.pre.position?.start, result.line),
      'diagram',
      this.#severity,
    );
  }

  /** The drawing in the fence's place, its ids its own (the same drawing used twice gets two sets). */
  place(block: DiagramBlock, key: string, kept: Element): void {
    const use = (this.#uses.get(key) ?? 0) + 1;
    this.#uses.set(key, use);
    const prefix = `diagram-${key.slice(0, 10)}${use > 1 ? `-${use}` : ''}`;
    const svg = diagramSvg(kept, prefix, this.book.config.labels.diagram, block.source);
    const figure = h('div.diagram', [svg]);
    figure.position = block.pre.position;
    const at = block.parent.children.indexOf(block.pre);
    if (at >= 0) block.parent.children[at] = figure;
  }

  #file(block: DiagramBlock): Book['chapters'][number]['file'] {
    const chapter = this.book.chapters[block.chapter];
    if (!chapter) throw new Error(`a diagram of chapter ${block.chapter + 1}, which the book does not have`);
    return chapter.file;
  }
}

/** The stand-in for a diagram's id prefix in a kept SVG, which the same drawing used twice must not share. */
const idToken = 'diagram-@';

/**
 * Mermaid's SVG made ready for the book, once per drawing (the cache keeps it): parsed, its ids
 * renamed (`diagram-@`, `diagram-@-n`: references in attributes and in its style sheet follow), and
 * SVG 1.1's vocabulary, as EPUB wants it. Mermaid repeats ids (a sequence diagram's actors) and
 * names its markers after the id it is given: renamed, one diagram's ids never meet another's.
 */
function prepareSvg(markup: string): Element {
  const svg = fromHtml(markup, { fragment: true, space: 'svg' }).children.find(
    (child): child is Element => child.type === 'element',
  )!;
  renameIds(svg, idToken);
  repairForeign(svg, () => undefined);
  return svg;
}

/**
 * A kept SVG as it goes into a page: its ids the book's own, a title and a description, one image for assistive
 * technology.
 */
function diagramSvg(kept: Element, prefix: string, label: string, source: string): Element {
  const svg = JSON.parse(JSON.stringify(kept).replaceAll(idToken, prefix)) as Element;
  const texts = wordsOf(svg);
  const title = accessible(source, 'accTitle') ?? `${label}: ${shown(texts.join(', ')) || label}`;
  const description = accessible(source, 'accDescr') ?? (texts.join(', ') || source);
  svg.children = svg.children.filter(
    (child) => !(child.type === 'element' && (child.tagName === 'title' || child.tagName === 'desc')),
  );
  svg.children.unshift(s('title', title), s('desc', description));
  // One image, named by its title: its text stays in the SVG for reading and search.
  svg.properties.role = 'img';
  for (const name of Object.keys(svg.properties))
    if (/^aria(?:labelledby|describedby|roledescription)$/i.test(name)) delete svg.properties[name];
  svg.properties.className = ['diagram-svg'];
  return svg;
}

/** Mermaid's `accTitle: …` or `accDescr: …` (or `accDescr { … }`), as the author wrote it. */
function accessible(source: string, key: 'accTitle' | 'accDescr'): string | undefined {
  const block = new RegExp(`^\\s*${key}\\s*\\{([\\s\\S]*?)\\}`, 'm').exec(source)?.[1];
  const line = new RegExp(`^\\s*${key}\\s*:\\s*(.+)$`, 'm').exec(source)?.[1];
  return (block ?? line)?.replace(/\s+/g, ' ').trim() || undefined;
}

/** The diagram's words, in the order Mermaid drew them, each once. */
function wordsOf(svg: Element): string[] {
  const seen = new Set<string>();
  const walk = (node: ElementContent): void => {
    if (node.type !== 'element' || node.tagName === 'style' || node.tagName === 'title' || node.tagName === 'desc')
      return;
    if (node.tagName === 'text') {
      const text = collect(node).replace(/\s+/g, ' ').trim();
      if (text) seen.add(text);
      return;
    }
    node.children.forEach(walk);
  };
  const collect = (node: ElementContent): string =>
    node.type === 'text'
      ? node.value
      : node.type === 'element'
        ? node.children.map(collect).join(node.tagName === 'tspan' ? ' ' : '')
        : '';
  svg.children.forEach(walk);
  return [...seen];
}

function renameIds(svg: Element, prefix: string): void {
  const renamed = new Map<string, string>();
  let count = 0;
  const each = (element: Element, visit: (element: Element) => void): void => {
    visit(element);
    for (const child of element.children) if (child.type === 'element') each(child, visit);
  };
  each(svg, (element) => {
    const id = element.properties.id;
    if (typeof id !== 'string' || id === '') return;
    const fresh = element === svg ? prefix : `${prefix}-${++count}`;
    // A repeated id is given a fresh one; references keep to the first, as a browser's would.
    if (!renamed.has(id)) renamed.set(id, fresh);
    element.properties.id = fresh;
  });
  const swap = (text: string): string =>
    text.replace(/#([-\w.:]+)/g, (whole, id: string) => (renamed.has(id) ? `#${renamed.get(id)}` : whole));
  each(svg, (element) => {
    for (const [name, value] of Object.entries(element.properties)) {
      if (typeof value === 'string' && value.includes('#')) element.properties[name] = swap(value);
    }
    if (element.tagName === 'style') {
      for (const child of element.children) if (child.type === 'text') child.value = swap(child.value);
    }
  });
}
