import { availableParallelism } from 'node:os';
import type { Page, PDFOptions } from 'puppeteer-core';
import type { PagePlan, PlannedPart } from './page-plan.js';
import { referenceClass, slotClass } from './page-references.js';
import { sameStates, type ReferenceState } from './page-plan.js';
import { printClass, type PrintClasses } from './print-classes.js';
import { NoteLayout, type NotesSet } from './note-layout.js';
import { ParagraphLines, type LinePlan, type MeasuredParagraph } from './paragraph-lines.js';
import { planLines } from './line-breaks.js';
import { firstPrintStyleId, pageStyleId, type LinkTargets } from './print-document.js';

/** One document of the print as the page loads it (print-document.ts). */
export interface PrintedPart {
  /** Where the page's server serves it. */
  readonly url: string;
  /** Whether the table of contents is in it. */
  readonly hasToc: boolean;
  /** The ids of its headings that the table of contents lists. */
  readonly listed: readonly string[];
}

/** How each part is set before it is printed. */
export interface PrintSetting {
  /** Whether its justified paragraphs are broken into lines as a whole (line-breaks.ts). */
  readonly paragraphs: boolean;
  /** For notes at the foot of the page: the text area's height in pixels, and the words for a continued note. */
  readonly notes?: { readonly height: number; readonly continued: string };
}

/**
 * What a part's first print marked, in the order of the marks: the TOC headings' ids, the page
 * references' numbers, their targets' ids.
 */
export interface PartMarks {
  readonly headings: string[];
  readonly refs: number[];
  readonly places: string[];
}

/** The id prefix of the scripts that set a part in its page. */
const settingScript = 'book-setting';

/** How many pages print at once, on a machine with more cores. */
const pagesAtMost = 4;

/**
 * What a page shows: its part, loaded with these page references, the part's marks, and whether
 * it is kept as it was set (`#keep`).
 */
interface Shown {
  readonly index: number;
  readonly references: readonly ReferenceState[];
  readonly marked: PartMarks;
  readonly kept: boolean;
}

/** A browser page and the part it shows, if any. */
interface Held {
  readonly page: Promise<Page>;
  shown?: Shown;
}

/**
 * The browser pages that print the book's parts: a page loads a part, marks it for the first
 * print, and tells it the plan for the second. A book of several parts is printed in as many
 * pages at once as the machine has cores (at most `pagesAtMost`), each page taking the next part
 * when it is free (`eachPart`). A part set in one page is kept as it was set, to be loaded so in
 * any page for a later print.
 */
export class PrintPage {
  /** The pages, by slot: the browser's first page, then the others as they are first needed. */
  readonly #pages: Held[] = [];
  readonly #count: number;
  /** The pages that parts are parked in (`park`), by part. */
  readonly #parked = new Map<number, Held>();
  /** The page each part was last given to. */
  readonly #slotOf = new Map<number, number>();
  /** Each part as it was last set, served at `url`, for the page references it was set with. */
  readonly #set = new Map<number, { url: string; references: readonly ReferenceState[]; marked: PartMarks }>();
  /** What setting each part's notes did, the last time it was loaded. */
  readonly #notes = new Map<number, NotesSet>();
  readonly #options: PDFOptions;

  constructor(
    page: Page,
    /** Opens another page, served the same files. */
    private readonly open: () => Promise<Page>,
    /** Serves one more document to the pages. */
    private readonly serve: (url: string, html: string) => void,
    private readonly parts: readonly PrintedPart[],
    private readonly targets: LinkTargets,
    private readonly timeout: number,
    private readonly textWidth: string,
    /** Every id a page reference goes to: each is marked in the part where it is laid out. */
    private readonly places: readonly string[],
    /** How each part is set before it is printed. */
    private readonly setting: PrintSetting,
  ) {
    this.#options = { preferCSSPageSize: true, printBackground: true, timeout };
    this.#pages.push({ page: Promise.resolve(page) });
    this.#count = Math.max(1, Math.min(parts.length, availableParallelism(), pagesAtMost));
  }

  /**
   * Runs `work` for each part of `indexes` (the results by part), the pages at once: each page,
   * when it is free, takes the part it shows, if that is still to do, or else the next one in
   * `indexes`. Once one fails, the others start no more parts.
   */
  async eachPart<T>(indexes: readonly number[], work: (index: number) => Promise<T>): Promise<Map<number, T>> {
    const results = new Map<number, T>();
    const queue = [...indexes];
    let failed = false;
    const slots = Array.from({ length: this.#count }, async (_, slot) => {
      while (queue.length > 0 && !failed) {
        const shown = queue.indexOf(this.#pages[slot]?.shown?.index ?? -1);
        const [index] = queue.splice(Math.max(0, shown), 1) as [number];
        this.#slotOf.set(index, slot);
        try {
          results.set(index, await work(index));
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    });
    await Promise.all(slots);
    return results;
  }

  /**
   * Keeps part `index` in the page that shows it until its last print (`finalPrint`), which then
   * needs no load: that page's slot opens another for the parts after. For the part printed last,
   * which would wait longest to be loaded again.
   */
  park(index: number): void {
    const slot = this.#slotOf.get(index) ?? 0;
    const holder = this.#pages[slot];
    if (holder?.shown?.index !== index) return;
    this.#parked.set(index, holder);
    this.#pages[slot] = { page: this.open() };
  }

  /** The page that part `index` is parked in, or else given to (by `eachPart`), opened when first needed. */
  #slot(index: number): Held {
    const parked = this.#parked.get(index);
    if (parked) return parked;
    const slot = this.#slotOf.get(index) ?? 0;
    this.#pages[slot] ??= { page: this.open() };
    return this.#pages[slot];
  }

  /** How many pages print at once. */
  get pages(): number {
    return this.#count;
  }

  /** What setting the notes did, over all parts as last loaded. */
  notesSet(): NotesSet {
    const sum = { notes: 0, pages: 0, continued: 0, misplaced: 0 };
    for (const set of this.#notes.values())
      for (const key of Object.keys(sum) as (keyof NotesSet)[]) sum[key] += set[key];
    return sum;
  }

  /**
   * The first print of part `index`, with the page rules `style` and its page references as
   * `references` says: the PDF, read only for where things land, and the ids marked in it.
   */
  async firstPrint(
    index: number,
    style: string,
    references: readonly ReferenceState[],
  ): Promise<{ pdf: Uint8Array; marked: PartMarks }> {
    const { page, marked } = await this.#show(index, references);
    await setPageStyle(page, style);
    return { pdf: await page.pdf({ ...this.#options, tagged: false, outline: false }), marked };
  }

  /**
   * The second print of part `index`, the PDF itself: the part is told its blank pages and the
   * TOC numbers (`tocNumbers`, when it holds the contents), and its running heads and page
   * numbers (`style`). Returns the PDF, and the ids of the TOC entries' headings in order.
   */
  async finalPrint(
    index: number,
    part: PlannedPart,
    plan: Pick<PagePlan, 'tocNumbers' | 'references'>,
    style: string,
  ): Promise<{ pdf: Uint8Array; tocIds: string[] }> {
    const { page } = await this.#show(index, plan.references);
    // The plan changes the part: it is loaded afresh for any later print.
    this.#slot(index).shown = undefined;
    const numbers = this.parts[index]?.hasToc ? plan.tocNumbers : {};
    const tocIds = await applyPlan(page, part, numbers, this.targets.toc);
    await setPageStyle(page, style);
    const pdf = await page.pdf({ ...this.#options, tagged: true, outline: true });
    if (this.#parked.delete(index)) await page.close();
    return { pdf, tocIds };
  }

  /**
   * Shows part `index` in its page with its page references as `references` says: as it was
   * kept, once set with these references (`#keep`); else loaded, marked, its lines broken, its
   * hyphens placed from its lines and its notes at the foot of their pages. It is loaded again
   * whenever the references change.
   */
  async #show(index: number, references: readonly ReferenceState[]): Promise<{ page: Page; marked: PartMarks }> {
    const part = this.parts[index];
    if (!part) throw new Error(`the print has no part ${index + 1}`);
    const slot = this.#slot(index);
    const page = await slot.page;
    const { shown } = slot;
    if (shown?.index === index && sameStates(shown.references, references)) return { page, marked: shown.marked };
    // Kept for a later print with the same references; one set with others is not wanted again.
    if (shown && !shown.kept && sameStates(shown.references, references)) await this.#keep(page, shown);
    // Laid out for print, as the hyphens are placed from the lines of the print.
    await page.emulateMediaType('print');
    const set = this.#set.get(index);
    const again = set && sameStates(set.references, references);
    await page.goto(again ? set.url : part.url, { waitUntil: 'load', timeout: this.timeout });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    if (again) {
      slot.shown = { index, references, marked: set.marked, kept: true };
      return { page, marked: set.marked };
    }
    await showReferences(page, references);
    const marked = {
      headings: await markPages(page, this.targets, part.listed),
      ...(await markReferences(page, this.targets, this.places)),
    };
    // The page's text area as wide as the print's, for the steps that measure its lines.
    await measureWidth(page, this.textWidth);
    if (this.setting.paragraphs) await breakParagraphs(page);
    await settleHyphens(page);
    if (this.setting.notes) this.#notes.set(index, await placeNotes(page, this.setting.notes));
    await measureWidth(page, undefined);
    // One part stays in its page from its first print to its last.
    slot.shown = { index, references, marked, kept: this.parts.length === 1 };
    return { page, marked };
  }

  /**
   * Keeps the part a page shows as it was set (marked, its lines broken, its hyphens and notes
   * placed), before the page loads another, to be loaded so for a later print with the same page
   * references: a page shows one part at a time, and setting it again would take as long as the
   * first time. Without the scripts that set it. (A first print changes only the page rules,
   * which every print sets.)
   */
  async #keep(page: Page, { index, references, marked }: Shown): Promise<void> {
    const html = await page.evaluate((scripts: string) => {
      const root = document.documentElement.cloneNode(true) as HTMLElement;
      for (const script of root.querySelectorAll(`script[id^="${scripts}"]`)) script.remove();
      return `<!DOCTYPE html>\n${root.outerHTML}`;
    }, settingScript);
    const url = this.parts[index]!.url.replace(/\.html$/, '.set.html');
    this.serve(url, html);
    this.#set.set(index, { url, references, marked });
  }
}

/**
 * Before the first print: page marks (empty 1px links, styled in print-document.ts), whose places
 * in the PDF tell pages: one at the start of every chapter, all linking to one target, and one
 * at the start of every heading of this part that the table of contents lists (`listed`, by id,
 * never the id of a stand-in: those are other parts' ids), all to another;
 * the TOC's own links are unlinked for this print. A link target each would do too, but Chromium
 * writes a named destination for each, and its print time grows with their number times the
 * pages (the 64× book's first print took 46 s with one per chapter). Returns the ids of the
 * headings marked in this part, in document order, the order of their marks in the PDF. The marks
 * stay for the second print, unlinked, so that both prints lay out alike.
 */
async function markPages(page: Page, targets: LinkTargets, listed: readonly string[]): Promise<string[]> {
  return page.evaluate(
    (targets, listed, classes: PrintClasses) => {
      const mark = (target: string, className: string): HTMLElement => {
        const a = document.createElement('a');
        a.className = className;
        a.href = `#${target}`;
        a.setAttribute('aria-hidden', 'true');
        return a;
      };
      // A chapter's mark goes into its first heading when the chapter starts with one, so that the
      // heading stays its section's first child (print.css may style it so).
      for (const chapter of document.querySelectorAll(`section.${classes.chapter}`)) {
        const first = chapter.firstElementChild;
        (first && /^H[1-6]$/.test(first.tagName) ? first : chapter).prepend(
          mark(targets.chapter, `${classes.pageMark} ${classes.chapterMark}`),
        );
      }
      for (const link of document.querySelectorAll(`nav.${classes.toc} .${classes.tocPage}`))
        link.closest('a')?.removeAttribute('href');
      for (const id of listed) {
        const heading = document.getElementById(id);
        if (!heading || heading.querySelector(`:scope > .${classes.pageMark}[href="#${targets.mark}"]`)) continue;
        heading.prepend(mark(targets.mark, classes.pageMark));
      }
      return [...document.querySelectorAll(`.${classes.pageMark}[href="#${targets.mark}"]`)].map(
        (mark) => mark.parentElement?.id ?? '',
      );
    },
    targets,
    listed,
    printClass,
  );
}

/**
 * Before the first print, the page references' marks: one before each reference (so that a
 * reference hidden still has one), all to one target, and one where each of their targets
 * (`places`, by id) that this part lays out starts, all to another. They take no room. A mark
 * that is not laid out (in an element the book's style hides) has no link in the PDF: it is
 * taken out, and its reference or target is not found. Returns the numbers of the references
 * marked and the ids of the targets marked, in the order of their marks in the PDF, the
 * document's.
 */
async function markReferences(
  page: Page,
  targets: LinkTargets,
  places: readonly string[],
): Promise<{ refs: number[]; places: string[] }> {
  const refs = await page.evaluate(
    (target: string, className: string, referenceClass: string) => {
      const refs: number[] = [];
      for (const reference of document.querySelectorAll<HTMLElement>(`.${referenceClass}`)) {
        const mark = Object.assign(document.createElement('a'), { className, href: `#${target}` });
        mark.setAttribute('aria-hidden', 'true');
        reference.before(mark);
        if (mark.getClientRects().length > 0) refs.push(Number(reference.dataset.ref));
        else mark.remove();
      }
      return refs;
    },
    targets.ref,
    `${printClass.pageMark} ${printClass.placeMark}`,
    referenceClass,
  );
  return { refs, places: await markTargets(page, targets.place, places) };
}

/** The marks of the page references' targets (markReferences). */
async function markTargets(page: Page, target: string, places: readonly string[]): Promise<string[]> {
  return page.evaluate(
    (target: string, places: readonly string[], classes: PrintClasses) => {
      // A target's mark goes where its first line is: into the first cell of a table, into a
      // block that its first child is, before an element that holds nothing.
      const bare = new Set(['IMG', 'HR', 'BR', 'INPUT', 'VIDEO', 'AUDIO', 'IFRAME', 'OBJECT', 'EMBED', 'CANVAS']);
      const leads = (at: Element, first: Element): boolean =>
        at.firstChild === first ||
        (at.firstChild?.nodeType === 3 && !at.firstChild.textContent?.trim() && at.firstChild.nextSibling === first);
      const tabular = /^(TABLE|THEAD|TBODY|TFOOT|TR)$/;
      const host = (element: Element): { at: Element; before: boolean } => {
        let at = element;
        for (;;) {
          const first = tabular.test(at.tagName) ? at.querySelector('caption, th, td') : at.firstElementChild;
          const block = first && leads(at, first) && getComputedStyle(first).display !== 'inline';
          if (first && (tabular.test(at.tagName) || (block && !bare.has(first.tagName)))) at = first;
          else {
            const foreign = at.namespaceURI !== document.documentElement.namespaceURI;
            return { at, before: bare.has(at.tagName) || tabular.test(at.tagName) || foreign };
          }
        }
      };
      const idOf = new Map<Element, string>();
      for (const id of places) {
        const element = document.getElementById(id);
        if (!element || element.closest('[hidden]')) continue;
        const { at, before } = host(element);
        const mark = Object.assign(document.createElement('a'), {
          className: `${classes.pageMark} ${classes.placeMark}`,
          href: `#${target}`,
        });
        mark.setAttribute('aria-hidden', 'true');
        if (before) at.before(mark);
        else at.prepend(mark);
        if (mark.getClientRects().length > 0) idOf.set(mark, id);
        else mark.remove();
      }
      const placed = [...document.querySelectorAll(`.${classes.pageMark}[href="#${target}"]`)];
      return placed.map((element) => idOf.get(element) ?? '');
    },
    target,
    places,
    printClass,
  );
}

/** Shows or hides each page reference of the loaded part, with its number, as `references` says. */
async function showReferences(page: Page, references: readonly ReferenceState[]): Promise<void> {
  await page.evaluate(
    (references, classes: { text: string; slot: string }) => {
      for (const reference of document.querySelectorAll<HTMLElement>(`.${classes.text}`)) {
        const state = references[Number(reference.dataset.ref)];
        reference.hidden = !state?.shown;
        const slot = reference.querySelector(`.${classes.slot}`);
        if (slot) slot.textContent = state?.shown ? state.text : '';
      }
    },
    references,
    { text: referenceClass, slot: slotClass },
  );
}

/**
 * Keeps the soft hyphens (hyphenate.ts) only where a line breaks: the others go. Chromium
 * writes every soft hyphen into the PDF's text, where it would stand invisibly inside words for
 * search, copying and `pdftotext`. The lines are measured as the print lays them out: print
 * media, and the page's text area as wide as the print's (`measureWidth`). A soft
 * hyphen where a line breaks is drawn as a hyphen; one not taken has no width, and lines are laid
 * out first-fit, so dropping the ones not taken moves no line (none stands inside a ligature:
 * hyphenate.ts). All are measured before any is dropped. Those kept stay soft hyphens, not
 * hyphens: were the print's lines ever to differ from the measured ones (they did, by 16 of 1,089
 * breaks in one real book, before the width was rounded as the print rounds it: page-setup.ts),
 * a kept one that does not end its line is drawn as nothing.
 */
async function settleHyphens(page: Page): Promise<void> {
  await page.evaluate((softHyphen: string) => {
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode as Text;
      if (node.data.includes(softHyphen)) nodes.push(node);
    }
    const range = document.createRange();
    // A soft hyphen where the line breaks is drawn as a hyphen; elsewhere it has no width. (A
    // range that starts where a line breaks has a box at the end of the line before as well,
    // so the last box is the character's own.)
    const drawn = (node: Text, at: number): boolean => {
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      return ([...range.getClientRects()].at(-1)?.width ?? 0) > 0;
    };
    const kept = nodes.map((node) => {
      const found = new Set<number>();
      for (let at = node.data.indexOf(softHyphen); at > 0; at = node.data.indexOf(softHyphen, at + 1))
        if (at + 1 < node.data.length && drawn(node, at)) found.add(at);
      return found;
    });
    nodes.forEach((node, index) => {
      let text = '';
      for (let at = 0; at < node.data.length; at++) {
        const char = node.data[at] ?? '';
        if (char !== softHyphen || kept[index]?.has(at)) text += char;
      }
      node.data = text;
    });
  }, softHyphenChar);
}

/**
 * Lays the loaded part out as wide as the print's text area (`width`, a CSS length; the print
 * lays out its lines so, and the page's own width differs), or, without a width, as before.
 */
async function measureWidth(page: Page, width: string | undefined): Promise<void> {
  await page.evaluate(
    (id: string, width: string | undefined) => {
      document.getElementById(id)?.remove();
      if (width !== undefined)
        document.head.append(
          Object.assign(document.createElement('style'), { id, textContent: `html { width: ${width} !important; }` }),
        );
    },
    measureStyleId,
    width,
  );
}

const softHyphenChar = '\u00ad';

/** The id of the style that lays the part out as wide as the print's text area (`measureWidth`). */
const measureStyleId = 'book-measure-width';

/**
 * Sends a class's own source to the page (it uses nothing else), where it is the global `name`:
 * in a script whose id starts with `settingScript`, which a part kept as it was set leaves out.
 */
async function sendClass(page: Page, name: string, source: abstract new (...args: never[]) => unknown): Promise<void> {
  await page.addScriptTag({ content: `window.${name} = ${source.toString()};`, id: `${settingScript}-${name}` });
}

/** The name under which the page holds the paragraphs' lines (paragraph-lines.ts). */
const paragraphLinesGlobal = 'bookParagraphLines';

/**
 * Sets the part's justified paragraphs on lines chosen for the whole paragraph: measured in the
 * page (paragraph-lines.ts), planned here (line-breaks.ts), set in the page.
 */
async function breakParagraphs(page: Page): Promise<number> {
  await sendClass(page, paragraphLinesGlobal, ParagraphLines);
  const measured = await page.evaluate((global: string) => {
    const holder = window as unknown as Record<string, unknown>;
    const Lines = holder[global] as new () => { measure(): MeasuredParagraph[] };
    const lines = new Lines();
    holder[`${global}Now`] = lines;
    return lines.measure();
  }, paragraphLinesGlobal);
  const plans = measured.map((paragraph) => planLines(paragraph));
  return page.evaluate(
    (global: string, plans: (LinePlan | null)[]) => {
      const holder = window as unknown as Record<string, { apply(plans: (LinePlan | null)[]): number }>;
      return holder[`${global}Now`]!.apply(plans);
    },
    paragraphLinesGlobal,
    plans,
  );
}

/** The name under which the page holds the notes' layout (note-layout.ts). */
const noteLayoutGlobal = 'bookNoteLayout';

/**
 * Sets the part's footnotes at the foot of their pages (note-layout.ts), on the part laid out as
 * the print lays it out (`measureWidth`).
 */
async function placeNotes(
  page: Page,
  notes: { readonly height: number; readonly continued: string },
): Promise<NotesSet> {
  await sendClass(page, noteLayoutGlobal, NoteLayout);
  return page.evaluate(
    (global: string, options: { height: number; continued: string; classes: PrintClasses }) => {
      const Layout = (window as unknown as Record<string, new (o: typeof options) => { run(): NotesSet }>)[global]!;
      return new Layout(options).run();
    },
    noteLayoutGlobal,
    { ...notes, classes: printClass },
  );
}

/**
 * Tells the loaded part the plan: blank pages (before the chapters `blankBefore`, and at its end
 * when `blankAtEnd`), TOC numbers; drops the marks' links and shows the text. The TOC entries link
 * to one target (`finishPdf` points each at its heading); returns their headings' ids in order.
 */
async function applyPlan(
  page: Page,
  { blankBefore, blankAtEnd }: PlannedPart,
  numbers: PagePlan['tocNumbers'],
  tocTarget: string,
): Promise<string[]> {
  return page.evaluate(
    (blankBefore, blankAtEnd, numbers, hiddenId, tocTarget, classes: PrintClasses) => {
      document.getElementById(hiddenId)?.remove();
      for (const mark of document.querySelectorAll(`.${classes.pageMark}`)) mark.removeAttribute('href');
      const blank = (): HTMLElement => Object.assign(document.createElement('div'), { className: classes.blankPage });
      for (const id of blankBefore) document.getElementById(id)?.before(blank());
      if (blankAtEnd) [...document.querySelectorAll(`section.${classes.chapter}`)].pop()?.after(blank());
      const ids: string[] = [];
      for (const slot of document.querySelectorAll<HTMLElement>(`nav.${classes.toc} .${classes.tocPage}`)) {
        slot.textContent = numbers[slot.dataset.for ?? ''] ?? '';
        slot.closest('a')?.setAttribute('href', `#${tocTarget}`);
        ids.push(slot.dataset.for ?? '');
      }
      return ids;
    },
    blankBefore,
    blankAtEnd,
    numbers,
    firstPrintStyleId,
    tocTarget,
    printClass,
  );
}

/** Replaces the page rules: the TOC's number column, then the running heads and page numbers. */
async function setPageStyle(page: Page, css: string): Promise<void> {
  await page.evaluate(
    (styleId, styles) => {
      const style = document.getElementById(styleId);
      if (style) style.textContent = styles;
    },
    pageStyleId,
    css,
  );
}
