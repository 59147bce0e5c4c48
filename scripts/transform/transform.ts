import type { Element, ElementContent, Root, RootContent } from 'hast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { tocClass } from '../book/types.js';
import { cleanProperties, elementFate, isForeignRoot } from '../book/raw-html-policy.js';
import type { Book, Reference } from '../book/types.js';
import type { Labels } from '../config/labels.js';
import { Kept } from '../kept.js';
import { titleAlerts } from './alerts.js';
import { elementData } from './hast-data.js';
import { emptyHeaderCell } from './header-cells.js';
import { highlightCode } from './highlight-code.js';
import { isolateDirections } from './text-direction.js';
import { numberedFigure } from './number-figures.js';
import type { Figure } from '../book/figures.js';
import { fill } from '../config/labels.js';

/** One chapter's HTML tree as every renderer receives it. */
export interface ChapterContent {
  readonly chapter: number;
  readonly tree: Root;
  /** Whether the chapter holds MathML, for which the formats add math.css. */
  readonly hasMath: boolean;
}

/**
 * Makes the output trees from the Book model, leaving the model as it was: links and images
 * resolved (a link the book cannot honour becomes its text, an image that cannot be embedded its
 * alt text), raw HTML made valid for every format by `raw-html-policy.ts` (the policy that the
 * checker's `raw-html` rule reports), and the first `[TOC]` marked for the renderers.
 */
export async function transform(book: Book): Promise<ChapterContent[]> {
  const labels = targetLabels(book);
  const rewriter = new Rewriter(book, labels);
  const firstToc = book.tocMarkers.find((marker) => marker.alone);
  const referencesOf = new Map<number, Reference[]>();
  for (const ref of book.references) {
    const own = referencesOf.get(ref.chapter);
    if (own) own.push(ref);
    else referencesOf.set(ref.chapter, [ref]);
  }
  const fresh: Root[] = [];
  const content = book.chapters.map((chapter) => {
    const references = referencesOf.get(chapter.index) ?? [];
    const key = contextKey(book, chapter, firstToc?.chapter === chapter.index, references, labels);
    return made.get(chapter.hast, key, () => {
      const made = rewriter.chapter(chapter.hast, firstToc?.chapter === chapter.index);
      fresh.push(made.tree);
      return { chapter: chapter.index, ...made };
    });
  });
  highlightCode(fresh);
  await titleAlerts(fresh, book.config.labels);
  for (const tree of fresh) isolateDirections(tree, book.config.direction);
  return content;
}

/** Rewrites a chapter's HTML tree into its output tree, one chapter at a time. */
class Rewriter {
  readonly #book: Book;
  readonly #references: ReadonlyMap<Element, Reference>;
  /**
   * Raw ids the outputs change (build-book.ts): one written before in its chapter is left off
   * (undefined), as a browser finds only the first; one an earlier chapter has too takes its new id.
   */
  readonly #changedIds: ReadonlyMap<Element, string | undefined>;
  // Only the first `[TOC]` alone in its paragraph becomes the contents: in its chapter, the first nav.
  #tocTaken = false;
  // Inside a link, a remote image becomes its alt text, not a link of its own (a README's badge).
  #linkDepth = 0;
  #hasMath = false;
  /** The numbered figures and tables by their element, and the `Table: …` paragraphs they take. */
  readonly #figures: ReadonlyMap<Element, Figure>;
  readonly #captions: ReadonlySet<Element>;
  /** What an empty link to an id says: a figure's or table's number, a heading's text. */
  readonly #labels: ReadonlyMap<string, string>;

  constructor(book: Book, labels: ReadonlyMap<string, string>) {
    this.#book = book;
    const figures = book.chapters.flatMap((chapter) => chapter.figures);
    this.#figures = new Map(figures.map((figure) => [figure.element, figure]));
    this.#captions = new Set(figures.flatMap((figure) => figure.captionParagraph ?? []));
    this.#labels = labels;
    this.#references = new Map(book.references.map((ref) => [ref.element, ref]));
    this.#changedIds = new Map(
      book.chapters.flatMap((chapter) =>
        chapter.rawIds
          .filter((raw) => raw.dropped || raw.renamed)
          .map((raw) => [raw.element, raw.dropped ? undefined : raw.renamed] as const),
      ),
    );
  }

  /** A chapter's output tree (`holdsToc`: the book's contents go in it), and whether it has math. */
  chapter(hast: Root, holdsToc: boolean): { tree: Root; hasMath: boolean } {
    this.#hasMath = false;
    this.#tocTaken = !holdsToc;
    const tree: Root = { type: 'root', children: hast.children.flatMap((node) => this.#rewrite(node)) };
    return { tree, hasMath: this.#hasMath };
  }

  #rewrite(node: RootContent): ElementContent[] {
    if (node.type === 'element') return this.#element(node);
    if (node.type === 'text' || node.type === 'comment') return [{ ...node }];
    return [];
  }

  #element(element: Element): ElementContent[] {
    const fate = elementFate(element.tagName);
    if (fate === 'dropped' || this.#captions.has(element)) return [];
    if (isForeignRoot(element.tagName)) {
      if (element.tagName === 'math') this.#hasMath = true;
      return [foreign(element)];
    }
    if (element.tagName === 'nav' && hasClass(element, tocClass)) return this.#toc();
    if (element.tagName === 'a') this.#linkDepth++;
    const children = element.children.flatMap((node) => this.#rewrite(node));
    if (element.tagName === 'a') this.#linkDepth--;
    if (fate === 'unwrapped' || fate === 'unknown') return children;
    const { properties } = cleanProperties(element.properties, element.tagName);
    if (this.#changedIds.has(element)) {
      const id = this.#changedIds.get(element);
      if (id === undefined) delete properties.id;
      else properties.id = id;
    }
    const copy: Element = {
      type: 'element',
      tagName: element.tagName,
      properties,
      children,
      position: element.position,
    };
    if (hasClass(copy, 'task-list-item')) labelTaskBox(copy);
    labelFootnotes(copy, this.#book.config.labels);
    emptyHeaderCell(copy);
    const ref = this.#references.get(element);
    if (ref?.kind === 'link' && ref.status === 'internal' && ref.target && toString(copy).trim() === '') {
      const label = ref.target.id ? this.#labels.get(ref.target.id) : this.#book.chapters[ref.target.chapter]?.title;
      if (label && !copy.children.some((child) => child.type === 'element'))
        copy.children = [{ type: 'text', value: label }];
    }
    const figure = this.#figures.get(element);
    if (figure) {
      const caption = figure.captionParagraph
        ? figure.caption.flatMap((node) => this.#rewrite(node))
        : [...figure.caption];
      return [numberedFigure(copy, figure, figureLabel(this.#book, figure), caption)];
    }
    return ref ? rewriteReference(copy, ref, this.#linkDepth > 0) : [copy];
  }

  /** The place of the contents: the first `[TOC]` marker's, an empty nav the renderers fill; none for the others. */
  #toc(): ElementContent[] {
    if (this.#tocTaken) return [];
    this.#tocTaken = true;
    return [
      {
        type: 'element',
        tagName: 'nav',
        properties: { className: ['toc'] },
        children: [],
        data: elementData({ toc: true }),
      },
    ];
  }
}

/** "Figure 3.2", "Table 1.1", in the book's language. */
function figureLabel(book: Book, figure: Figure): string {
  const { labels } = book.config;
  return fill(figure.kind === 'figure' ? labels.figure : labels.table, { number: figure.number });
}

/** What an empty link to an id says (`[](#id)`): a figure's or table's number, a heading's text. */
function targetLabels(book: Book): Map<string, string> {
  return new Map([
    ...book.headings.map((heading) => [heading.id, heading.text] as const),
    ...book.chapters.flatMap((chapter) =>
      chapter.figures.map((figure) => [figure.id, figureLabel(book, figure)] as const),
    ),
  ]);
}

/**
 * Each chapter's output tree, kept with the chapter's HTML tree and the key of everything else
 * it was made from. The parse cache keeps a chapter's trees while its text is unchanged, so the
 * preview makes again only the chapters whose text or context changed. Renderers only read the
 * output trees (finalize.ts copies them), except the diagram stage, which draws each tree once.
 */
const made = new Kept<Root, ChapterContent>();

/**
 * What a chapter's output tree depends on besides its own text: its place in the book, the ids
 * the book gave it, where its links and images go, whether it holds the contents, and the
 * book's labels and direction.
 */
function contextKey(
  book: Book,
  chapter: Book['chapters'][number],
  holdsToc: boolean,
  references: readonly Reference[],
  targets: ReadonlyMap<string, string>,
): string {
  const { labels, direction } = book.config;
  return JSON.stringify([
    chapter.index,
    holdsToc,
    direction,
    labels,
    chapter.headings.map((heading) => heading.id),
    chapter.rawIds.map((raw) => [raw.id, raw.dropped, raw.renamed]),
    chapter.figures.map((figure) => figure.id),
    references.map((ref) => [ref.status, ref.url, ref.target?.chapter, ref.target?.id, ref.href, ref.asset?.href]),
    // What an empty link says: its target's number or title.
    references.map((ref) => (ref.target?.id ? targets.get(ref.target.id) : undefined)),
  ]);
}

/**
 * A task list's checkbox is named by its task, so that screen readers (and axe, and Ace) know what
 * is done: GFM writes a bare `<input type="checkbox">` before the text.
 */
function labelTaskBox(item: Element): void {
  const inline = item.children.filter(
    (child) => child.type === 'text' || (child.type === 'element' && child.tagName !== 'ul' && child.tagName !== 'ol'),
  );
  const text = inline
    .map((child) => toString(child))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const box = [item, ...item.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'p')]
    .flatMap((parent) => parent.children)
    .find((child): child is Element => child.type === 'element' && child.tagName === 'input');
  if (box && text) box.properties.ariaLabel = text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** The footnotes' heading and back links, which remark-rehype writes in English, in the book's language. */
function labelFootnotes(element: Element, labels: Labels): void {
  const id = element.properties.id;
  if (element.tagName === 'h2' && typeof id === 'string' && id.endsWith('footnote-label'))
    element.children = [{ type: 'text', value: labels.footnotes }];
  if (element.properties.dataFootnoteBackref !== undefined) element.properties.ariaLabel = labels.backToText;
}

/** An `<svg>` or `<math>` subtree: its own vocabulary is kept; only scripts and handlers go. */
function foreign(element: Element): Element {
  const children = element.children.flatMap((child): ElementContent[] => {
    if (child.type === 'text' || child.type === 'comment') return [{ ...child }];
    if (child.type !== 'element' || child.tagName === 'script' || child.tagName === 'foreignObject') return [];
    return [foreign(child)];
  });
  const { properties } = cleanProperties(element.properties);
  // Namespaces are the writer's to declare: an author's xmlns attribute, which HTML ignores,
  // could only contradict it.
  for (const name of Object.keys(properties)) if (/^xmlns(?:$|[A-Z:])/.test(name)) delete properties[name];
  // hast knows the SVG namespace by the element's name but not MathML's: it is written here.
  if (element.tagName === 'math') properties.xmlns = 'http://www.w3.org/1998/Math/MathML';
  return { type: 'element', tagName: element.tagName, properties, children, position: element.position };
}

function rewriteReference(element: Element, ref: Reference, insideLink: boolean): ElementContent[] {
  if (ref.kind === 'link') {
    nameEmptyLink(element, ref);
    if (ref.status === 'internal' && ref.target) {
      delete element.properties.href;
      element.data = elementData({ target: ref.target });
      return [element];
    }
    if (ref.status === 'repository' && ref.href) element.properties.href = ref.href;
    // A scheme-relative address (`//host/path`) is the web's: GitHub's pages take it as https, and
    // an EPUB would take it as a file of its own.
    if (ref.status === 'external' && ref.url.startsWith('//')) element.properties.href = `https:${ref.url}`;
    return ref.status === 'external' || ref.status === 'repository' ? [element] : element.children;
  }
  // A `<picture>`'s `<source>`: its first image, embedded, or nothing (the `<img>` stands in).
  if (element.tagName === 'source') {
    if (ref.status !== 'asset' || !ref.asset) return [];
    element.properties.srcSet = ref.asset.href;
    return [element];
  }
  const alt = typeof element.properties.alt === 'string' ? element.properties.alt : '';
  if (ref.status === 'asset' && ref.asset) {
    element.properties.src = ref.asset.href;
    element.properties.alt = alt;
    // GitHub's themed images: the site shows each in its theme, print and e-books the light one.
    const theme = /#gh-(dark|light)-mode-only$/.exec(ref.url)?.[1];
    if (theme) element.properties.className = [...classList(element), `gh-${theme}-mode-only`];
    return [element];
  }
  if (ref.status === 'remote') {
    const url = ref.url.startsWith('//') ? `https:${ref.url}` : ref.url;
    return [
      insideLink
        ? h('span', { className: ['remote-image'] }, alt || url)
        : h('a', { href: url, className: ['remote-image'] }, alt || url),
    ];
  }
  return alt ? [h('span', { className: ['missing-image'] }, alt)] : [];
}

/**
 * A link with nothing to read (an image without alt text, an empty element) is named by its
 * address, as a screen reader would otherwise spell it out, so every link has an accessible name.
 */
function nameEmptyLink(element: Element, ref: Reference): void {
  if (element.properties.ariaLabel || element.properties.title || toString(element).trim() !== '') return;
  const named = (node: ElementContent): boolean =>
    node.type === 'element' && ((node.tagName === 'img' && Boolean(node.properties.alt)) || node.children.some(named));
  if (element.children.some(named)) return;
  const address = (ref.href ?? ref.url)
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/^www\./, '')
    .replace(/[/?#]+$/, '');
  element.properties.ariaLabel = address || ref.url;
}

function classList(element: Element): string[] {
  const classes = element.properties.className;
  return Array.isArray(classes) ? classes.map(String) : [];
}

/** Whether an element has a class (in its `className` property, as hast keeps it). */
export function hasClass(element: Element, name: string): boolean {
  const classes = element.properties.className;
  return Array.isArray(classes) && classes.includes(name);
}
