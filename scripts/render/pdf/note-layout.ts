import type { PrintClasses } from './print-classes.js';

/**
 * Footnotes at the foot of the page of their call, set in the print's page before it is printed.
 * Chromium has no `float: footnote`, and its print says where things landed only after the fact;
 * but its block fragmentation, the same code that cuts the print into pages, also cuts a
 * multi-column box into columns, and a column's boxes can be measured in the page at once. So each
 * chapter is laid out for a moment as columns as wide and as high as the page's text area (a page
 * break the book asks for inside a chapter becomes a column break meanwhile: chapters start on a
 * new page, and the boxes this adds end one),
 * and its pages are then set one after the other, as TeX sets a page with insertions:
 *
 * - The page's lines are taken in order with the notes their calls bring, and the page ends before
 *   the first line that, with its notes (the last of them by its first two lines: the rest may go
 *   on), no longer fits. The end then moves up, never down, for the book's own rules: a paragraph's
 *   `orphans` and `widows`, a box that does not break inside (`break-inside: avoid`), a heading
 *   kept with what follows (`break-after: avoid`).
 * - There the chapter is cut: the elements around that place are split in two, the second part of
 *   each a copy without its id, its top margin, padding and border, its indent or its list marker
 *   (a numbered list goes on counting; a table repeats its header and keeps its columns' widths).
 *   Between the two parts comes the page's notes area, a block that fills the page to its foot,
 *   its notes at its bottom below a short rule, and that ends the page (`break-after: page`).
 * - Notes that do not fit go on at the foot of the next page, marked as continued; a call whose
 *   line ends a page takes its line to the next page rather than leave less than two of its note's
 *   lines with it. Continued notes take at most half of the next page.
 *
 * The print lays the areas out as the columns did, so each note starts on its call's page: the
 * test reads it back from the PDF. Where it cannot (a line that alone, with the two first lines of
 * its notes, is higher than the page; a table row is not split), the note still follows on the
 * next page, and the page says what it could not do (`misplaced`).
 *
 * This class runs in the browser's page (its source is sent there: it uses nothing else).
 */
export class NoteLayout {
  /** Boxes that are never split across pages by the notes: replaced elements, formulas, table rows. */
  static readonly #unsplit = /^(IMG|SVG|svg|VIDEO|CANVAS|IFRAME|OBJECT|EMBED|INPUT|HR|TR|MATH|math|FIGURE)$/;
  readonly #height: number;
  readonly #continued: string;
  readonly #classes: PrintClasses;
  readonly #range = document.createRange();
  readonly #report = { notes: 0, pages: 0, continued: 0, misplaced: 0 };
  readonly #clones = new WeakSet<Node>();
  #section: HTMLElement = document.body;
  #host: HTMLElement = document.body;
  #box = { left: 0, right: 0, top: 0, width: 1, rtl: false };

  constructor(options: { height: number; continued: string; classes: PrintClasses }) {
    this.#height = options.height;
    this.#continued = options.continued;
    this.#classes = options.classes;
  }

  /** Sets every chapter's notes at the foot of their pages; says how many, on how many pages. */
  run(): NotesSet {
    const { chapter, notePool, noteArea } = this.#classes;
    const style = Object.assign(document.createElement('style'), {
      textContent: `.${noteArea} { break-after: column !important; }`,
    });
    document.head.append(style);
    for (const section of document.querySelectorAll<HTMLElement>(`section.${chapter}`)) {
      const pool = [...section.querySelectorAll<HTMLElement>(`.${notePool}`)].find(
        (found) => found.closest(`section.${chapter}`) === section,
      );
      if (pool) this.#chapter(section, pool);
    }
    style.remove();
    return this.#report;
  }

  /** One chapter: its calls in order, its pages set one after the other, its notes never called at its end. */
  #chapter(section: HTMLElement, pool: HTMLElement): void {
    const notes = new Map<string, HTMLElement>();
    for (const note of pool.querySelectorAll<HTMLElement>(`:scope > .${this.#classes.note}`)) notes.set(note.id, note);
    pool.remove();
    const calls: { call: Element; note: HTMLElement }[] = [];
    for (const call of section.querySelectorAll('a[data-footnote-ref]')) {
      const note = notes.get(this.#target(call));
      if (!note) continue;
      calls.push({ call, note });
      notes.delete(note.id);
    }
    const unplaced = [...(calls.length > 0 ? this.#setPages(section, calls) : []), ...notes.values()];
    if (unplaced.length > 0) {
      pool.append(...unplaced);
      pool.className = this.#classes.noteList;
      section.append(pool);
    }
  }

  /** The id a call's link goes to. */
  #target(call: Element): string {
    const href = call.getAttribute('href')?.slice(1) ?? '';
    try {
      return decodeURIComponent(href);
    } catch {
      return href;
    }
  }

  /** Lays the chapter out in columns, sets each page that has notes, and lays it out again as before. */
  #setPages(section: HTMLElement, found: { call: Element; note: HTMLElement }[]): HTMLElement[] {
    // A call that is not laid out (in a box the book's style hides) has no page: its note goes to the chapter's end.
    const calls = found.filter(({ call }) => call.getClientRects().length > 0);
    const unplaced = found.filter((call) => !calls.includes(call)).map((call) => call.note);
    const width = section.clientWidth;
    const restoreBreaks = this.#pageBreaksAsColumnBreaks(section);
    const before = section.getAttribute('style');
    section.style.cssText += [
      `;column-width:${width}px !important;column-count:auto !important;column-gap:0 !important;`,
      `column-fill:auto !important;height:${this.#height}px !important;`,
    ].join('');
    const rect = section.getBoundingClientRect();
    const rtl = getComputedStyle(section).direction === 'rtl';
    this.#section = section;
    this.#box = {
      left: rect.left + section.clientLeft,
      right: rect.right,
      top: rect.top + section.clientTop,
      width,
      rtl,
    };
    this.#host = Object.assign(document.createElement('div'), { ariaHidden: 'true' });
    this.#host.style.cssText = `position:absolute;top:0;left:0;width:${width}px;visibility:hidden;`;
    document.body.append(this.#host);
    let carry: HTMLElement[] = [];
    let column = 0;
    for (let guard = 0; (calls.length > 0 || carry.length > 0) && guard < 100_000; guard++) {
      const first = calls[0]?.call.getClientRects()[0];
      if (carry.length === 0 && first) column = Math.max(column, this.#columnOf(first));
      carry = this.#setPage(column, calls, carry);
      column++;
    }
    this.#host.remove();
    if (before === null) section.removeAttribute('style');
    else section.setAttribute('style', before);
    restoreBreaks();
    // Nothing is lost, even if the pages were never done.
    return [...unplaced, ...carry, ...calls.map((call) => call.note)];
  }

  /**
   * A page break that the book asks for inside the chapter (`break-before: page`, or `left`,
   * `right`, `recto`, `verso`, and the legacy `page-break-*: always` that compute to them) does
   * nothing in columns on screen: it becomes a column break while the chapter is laid out as
   * columns. Returns what puts them back.
   */
  #pageBreaksAsColumnBreaks(section: HTMLElement): () => void {
    const page = /^(page|left|right|recto|verso)$/;
    const changed: { element: HTMLElement; style: string | null }[] = [];
    for (const element of section.querySelectorAll<HTMLElement>('*')) {
      const { breakBefore, breakAfter } = getComputedStyle(element);
      if (!page.test(breakBefore) && !page.test(breakAfter)) continue;
      changed.push({ element, style: element.getAttribute('style') });
      if (page.test(breakBefore)) element.style.setProperty('break-before', 'column', 'important');
      if (page.test(breakAfter)) element.style.setProperty('break-after', 'column', 'important');
    }
    return () => {
      for (const { element, style } of changed)
        if (style === null) element.removeAttribute('style');
        else element.setAttribute('style', style);
    };
  }

  /** The column (page of the chapter) a box is in. */
  #columnOf(rect: DOMRect): number {
    const x = (rect.left + rect.right) / 2;
    return Math.max(0, Math.floor((this.#box.rtl ? this.#box.right - x : x - this.#box.left) / this.#box.width));
  }

  /**
   * Sets the page of column `column`: the notes carried from the page before and those of the
   * calls on its lines that fit, in an area that ends it. Takes the calls placed off `calls`;
   * returns the notes, or parts of notes, that go on to the next page.
   */
  #setPage(column: number, calls: { call: Element; note: HTMLElement }[], carry: HTMLElement[]): HTMLElement[] {
    const lines = this.#lines(this.#section, column);
    const onPage: number[] = [];
    for (const { call } of calls) {
      const rect = call.getClientRects()[0];
      if (!rect || this.#columnOf(rect) > column) break;
      const middle = (rect.top + rect.bottom) / 2;
      const index = lines.findIndex((line) => line.bottom >= middle);
      onPage.push(index < 0 ? lines.length - 1 : index);
    }
    const area = this.#area();
    const list = area.firstElementChild as HTMLElement;
    const candidates = [...carry, ...calls.slice(0, onPage.length).map((call) => call.note)];
    list.append(...candidates);
    this.#host.append(area);
    const heights = this.#noteHeights(list, candidates);
    const end = this.#pageEnd(lines, onPage, carry.length, heights);
    const kept = carry.length + onPage.filter((line) => line < end).length;
    for (const note of candidates.slice(kept)) note.remove();
    calls.splice(0, kept - carry.length);
    // Placed with no height (its notes overflow it meanwhile), so that it stands where the page's text ends.
    area.style.height = '0px';
    this.#insertArea(area, lines[end] ?? this.#firstLine(column + 1), end < lines.length ? undefined : lines.at(-1));
    // The margin after the page's last block would stand between it and the notes: a page's end
    // takes it away, and so does the area.
    const last = lines[Math.min(end, lines.length) - 1];
    const gap = last ? area.getBoundingClientRect().top - last.end : 0;
    if (gap > 0.5) area.style.marginBlockStart = `${-gap}px`;
    const top = area.getBoundingClientRect().top - this.#box.top;
    const room = Math.max(0, this.#height - top - 0.5);
    area.style.height = `${room}px`;
    if (this.#columnOf(area.getBoundingClientRect()) !== column) this.#report.misplaced++;
    this.#report.pages++;
    this.#report.notes += kept - carry.length;
    return this.#overflow(list, room, carry.length);
  }

  /** A notes area, empty: a block that fills the page to its foot, its list at the bottom. */
  #area(): HTMLElement {
    const area = Object.assign(document.createElement('div'), { className: this.#classes.noteArea });
    area.append(Object.assign(document.createElement('div'), { className: this.#classes.noteList }));
    return area;
  }

  /**
   * For each count of notes (1, 2, …), how high the area's list is with that many, whole
   * (`whole`) and with the last by its first two lines only (`start`).
   */
  #noteHeights(list: HTMLElement, notes: HTMLElement[]): { whole: number[]; start: number[] } {
    const top = list.getBoundingClientRect().top;
    const padding = parseFloat(getComputedStyle(list).paddingBottom) || 0;
    const whole: number[] = [0];
    const start: number[] = [0];
    for (const note of notes) {
      const lines = this.#lines(note);
      const bottom = note.getBoundingClientRect().bottom;
      whole.push(bottom - top + padding);
      start.push(Math.min(bottom, lines[1]?.bottom ?? bottom) - top + padding);
    }
    return { whole, start };
  }

  /**
   * The first line that goes to the next page: the first whose bottom, with the notes of the
   * calls up to it (its own last by its first two lines), is below the page's foot; then moved
   * up for the book's rules (`#keepRules`). Carried notes count for at most half the page.
   */
  #pageEnd(lines: Line[], onPage: number[], carried: number, heights: { whole: number[]; start: number[] }): number {
    const carriedHeight = Math.min(heights.whole[carried] ?? 0, this.#height / 2);
    // The notes a line brings with it and those before it: its own last by its first two lines.
    const notesWith = (line: number): number => {
      const count = carried + onPage.filter((at) => at <= line).length;
      if (count === carried) return carriedHeight;
      const heightOf = onPage.includes(line) ? heights.start : heights.whole;
      return carriedHeight - (heights.whole[carried] ?? 0) + (heightOf[count] ?? 0);
    };
    const over = lines.findIndex((line, index) => line.end - this.#box.top + notesWith(index) > this.#height);
    const end = over < 0 ? lines.length : over;
    // A page keeps at least its first line.
    return end === 0 ? Math.min(1, lines.length) : this.#keepRules(lines, end);
  }

  /**
   * Moves a page's end (`end`, the first line of the next page) up while it breaks a rule of the
   * book's style: inside a box that is not to break, between a paragraph's first lines (`orphans`)
   * or last (`widows`), after a heading. Never to the page's first line.
   */
  #keepRules(lines: Line[], end: number): number {
    let at = end;
    for (let round = 0; round < 20 && at > 0 && at < lines.length; round++) {
      const next = lines[at]!.first.node;
      const previous = lines[at - 1]!.first.node;
      const moved = Math.min(this.#avoided(lines, at, next, previous), this.#widowsAndOrphans(lines, at, next));
      const kept = Math.min(moved, this.#keptWithNext(lines, at, next, previous));
      if (kept >= at || kept <= 0) break;
      at = kept;
    }
    return at > 0 ? at : end;
  }

  /** The first line of the outermost box around both lines that is not to break inside, else `at`. */
  #avoided(lines: Line[], at: number, next: Node, previous: Node): number {
    let found = at;
    for (let box = next.parentElement; box && box !== this.#section; box = box.parentElement) {
      if (box.contains(previous) && getComputedStyle(box).breakInside.startsWith('avoid'))
        found = Math.min(found, this.#firstLineIn(lines, box));
    }
    return found;
  }

  /** Where the page ends so that a paragraph leaves `orphans` lines before it and `widows` after. */
  #widowsAndOrphans(lines: Line[], at: number, next: Node): number {
    const block = this.#blockOf(next);
    if (!block) return at;
    const first = this.#firstLineIn(lines, block);
    const before = at - first;
    if (before <= 0) return at;
    const style = getComputedStyle(block);
    const orphans = Math.max(1, parseInt(style.orphans, 10) || 2);
    const widows = Math.max(1, parseInt(style.widows, 10) || 2);
    let after = 0;
    for (let index = at; index < lines.length && block.contains(lines[index]!.first.node); index++) after++;
    if ([...block.getClientRects()].some((rect) => this.#columnOf(rect) > this.#columnOf(lines[at]!.rect)))
      after += widows;
    if (before < orphans) return first;
    if (after >= widows) return at;
    const moved = at - (widows - after);
    return moved - first < orphans ? first : moved;
  }

  /** Before a heading (or any box kept with what follows) that would end the page, else `at`. */
  #keptWithNext(lines: Line[], at: number, next: Node, previous: Node): number {
    const block = this.#blockOf(previous);
    if (!block || block.contains(next)) return at;
    const style = getComputedStyle(block);
    const kept = style.breakAfter === 'avoid' || /^H[1-6]$/.test(block.tagName);
    return kept ? this.#firstLineIn(lines, block) : at;
  }

  /** The nearest block around a node (inside the chapter). */
  #blockOf(node: Node): HTMLElement | undefined {
    for (let element = node.parentElement; element && element !== this.#section; element = element.parentElement)
      if (!getComputedStyle(element).display.startsWith('inline')) return element;
    return undefined;
  }

  /** The index of the first of `lines` inside `box`. */
  #firstLineIn(lines: Line[], box: Element): number {
    const index = lines.findIndex((line) => box.contains(line.first.node));
    return index < 0 ? 0 : index;
  }

  /** The first line of a column, if it has one. */
  #firstLine(column: number): Line | undefined {
    return this.#lines(this.#section, column)[0];
  }

  /**
   * The lines inside `root` (with boxes that are not split: images, diagrams, formulas, table rows),
   * in one column of the chapter or all, top to bottom, each with its first and last box in
   * document order.
   */
  #lines(root: Element, column?: number): Line[] {
    const keep = (rect: DOMRect): boolean => column === undefined || this.#columnOf(rect) === column;
    // A box that may hold some of the column's lines: one that overlaps it across.
    const { left, right, width, rtl } = this.#box;
    const at = column ?? 0;
    const [from, to] = rtl
      ? [right - (at + 1) * width, right - at * width]
      : [left + at * width, left + (at + 1) * width];
    const near = (rect: DOMRect): boolean => column === undefined || (rect.right > from && rect.left < to);
    const boxes: Box[] = [];
    let order = 0;
    const add = (node: Node, rects: DOMRectList | DOMRect[]): void => {
      for (const rect of rects) if (rect.height > 0 && keep(rect)) boxes.push({ node, rect, order });
      order++;
    };
    const visit = (element: Element): void => {
      for (const child of element.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          if (!/\S/.test((child as Text).data)) continue;
          this.#range.selectNodeContents(child);
          add(child, this.#range.getClientRects());
        } else if (
          child instanceof Element &&
          child !== this.#host &&
          !child.classList.contains(this.#classes.noteArea)
        ) {
          const rects = child.getClientRects();
          if (NoteLayout.#unsplit.test(child.tagName)) add(child, rects);
          else if (rects.length === 0 || [...rects].some(near)) visit(child);
        }
      }
    };
    visit(root);
    boxes.sort((a, b) => a.rect.top - b.rect.top || a.order - b.order);
    const lines: Line[] = [];
    for (const box of boxes) {
      const line = lines.at(-1);
      const overlap = line ? Math.min(line.bottom, box.rect.bottom) - Math.max(line.rect.top, box.rect.top) : 0;
      if (line && overlap > Math.min(line.bottom - line.rect.top, box.rect.height) / 2) {
        line.bottom = Math.max(line.bottom, box.rect.bottom);
        if (box.order < line.first.order) line.first = box;
        if (box.order >= line.last.order) line.last = box;
      } else lines.push({ rect: box.rect, bottom: box.rect.bottom, first: box, last: box, end: 0 });
    }
    for (const line of lines) line.end = line.bottom + this.#halfLeading(line);
    return lines;
  }

  /** How far a text line's box reaches below its letters' boxes: half its leading. */
  #halfLeading(line: Line): number {
    const { node } = line.first;
    if (!(node instanceof Text) || !node.parentElement) return 0;
    const height = parseFloat(getComputedStyle(node.parentElement).lineHeight);
    return Number.isFinite(height) ? Math.max(0, (height - (line.bottom - line.rect.top)) / 2) : 0;
  }

  /**
   * Puts the area before `line` (splitting what it is inside), or at the chapter's end. At a
   * column's end (`last`, its last line), the area goes right after that line, unless the line's
   * text goes on in the next column: whatever stands between them (a page break the book asks
   * for) stays after the area.
   */
  #insertArea(area: HTMLElement, line: Line | undefined, last?: Line): void {
    let node = line?.first.node;
    if (last && node !== last.last.node) node = this.#nodeAfter(last.last.node);
    else if (line && node instanceof Text) {
      const offset = this.#lineStart(node, line.first.rect);
      if (offset > 0) {
        if (node.data[offset - 1] === '\u00ad')
          node.data = `${node.data.slice(0, offset - 1)}\u2010${node.data.slice(offset)}`;
        node = node.splitText(offset);
      }
    }
    if (node) this.#section.insertBefore(area, this.#splitBefore(this.#section, node));
    else this.#section.append(area);
  }

  /** The node that follows a node of the chapter and all it holds, if any. */
  #nodeAfter(node: Node): Node | undefined {
    for (let at: Node | null = node; at && at !== this.#section; at = at.parentNode)
      if (at.nextSibling) return at.nextSibling;
    return undefined;
  }

  /** Where in a text node the line of one of its boxes (`rect`) starts. */
  #lineStart(node: Text, rect: DOMRect): number {
    const column = this.#columnOf(rect);
    const after = (offset: number): boolean => {
      for (let at = offset; at < node.data.length; at++) {
        this.#range.setStart(node, at);
        this.#range.setEnd(node, at + 1);
        const box = [...this.#range.getClientRects()].at(-1);
        if (!box || box.width === 0 || /\s/.test(node.data[at]!)) continue;
        const other = this.#columnOf(box);
        return other > column || (other === column && box.bottom > rect.top + 0.5);
      }
      return true;
    };
    let low = 0;
    let high = node.data.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (after(middle)) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /**
   * Splits every element around `node` up to `root`, so that `node` starts a child of `root`;
   * returns that child. An element with nothing before `node` is not split: the cut goes before it.
   */
  #splitBefore(root: Element, node: Node): Node {
    let child = node;
    while (child.parentNode && child.parentNode !== root) {
      const parent = child.parentNode as HTMLElement;
      if (!this.#hasContentBefore(child)) {
        child = parent;
        continue;
      }
      const inline =
        child instanceof Text || (child instanceof Element && getComputedStyle(child).display === 'inline');
      if (inline && getComputedStyle(parent).textAlign === 'justify') parent.style.textAlignLast = 'justify';
      const copy = this.#copyOf(parent);
      for (let moving: Node | null = child; moving;) {
        const next: Node | null = moving.nextSibling;
        copy.append(moving);
        moving = next;
      }
      parent.after(copy);
      this.#trim(parent, copy);
      child = copy;
    }
    return child;
  }

  /** Whether anything but space and the print's marks stands before a node in its parent. */
  #hasContentBefore(node: Node): boolean {
    for (let sibling = node.previousSibling; sibling; sibling = sibling.previousSibling) {
      if (sibling instanceof Text ? /\S/.test(sibling.data) : sibling instanceof Element) {
        if (!(sibling instanceof Element && sibling.classList.contains(this.#classes.pageMark))) return true;
      }
    }
    return false;
  }

  /**
   * The second part of a split element: a copy without children or id (a `<details>` a `<div>`,
   * which has no summary to show); a table's with its header and both with its columns' widths.
   */
  #copyOf(element: HTMLElement): HTMLElement {
    const copy =
      element.tagName === 'DETAILS'
        ? Object.assign(document.createElement('div'), { className: element.className })
        : (element.cloneNode(false) as HTMLElement);
    copy.removeAttribute('id');
    this.#clones.add(copy);
    if (element instanceof HTMLTableElement) {
      const widths = [...(element.rows[0]?.cells ?? [])].map((cell) => cell.getBoundingClientRect().width);
      const width = `${element.getBoundingClientRect().width}px`;
      for (const table of [element, copy]) {
        if (widths.length > 0 && !table.querySelector(':scope > colgroup')) table.prepend(this.#columns(widths));
        Object.assign(table.style, { tableLayout: 'fixed', width });
      }
      const head = element.tHead?.cloneNode(true) as HTMLElement | undefined;
      if (head) {
        for (const named of head.querySelectorAll('[id]')) named.removeAttribute('id');
        copy.append(head);
      }
    }
    return copy;
  }

  /** A `<colgroup>` of columns of the widths given, in pixels. */
  #columns(widths: number[]): HTMLElement {
    const group = document.createElement('colgroup');
    for (const width of widths) {
      const column = document.createElement('col');
      column.style.width = `${width}px`;
      group.append(column);
    }
    return group;
  }

  /**
   * The two parts of a split element meet at a page's end: no bottom margin, padding or border on
   * the first, no top ones, indent or list marker on the second; a numbered list goes on counting.
   */
  #trim(first: HTMLElement, second: HTMLElement): void {
    if (getComputedStyle(first).display === 'inline') return;
    Object.assign(first.style, { marginBlockEnd: '0', paddingBlockEnd: '0', borderBlockEndWidth: '0' });
    Object.assign(second.style, {
      marginBlockStart: '0',
      paddingBlockStart: '0',
      borderBlockStartWidth: '0',
      textIndent: '0',
    });
    if (second.tagName === 'LI') second.style.listStyleType = 'none';
    if (first instanceof HTMLOListElement && second instanceof HTMLOListElement) {
      const items = [...first.children].filter((child) => child.tagName === 'LI').length;
      const goesOn = second.firstElementChild && this.#clones.has(second.firstElementChild) ? 1 : 0;
      second.start = (first.hasAttribute('start') ? first.start : 1) + items - goesOn;
    }
  }

  /**
   * Fits the area's list into `room`: the first `carried` notes (continued from the page before)
   * give up what the page's own notes need, and the page's own notes that do not fit go on. A
   * note whose first two lines fit (or one, first on the page) is split at the first line that
   * does not, its second part marked as continued. Returns what goes on to the next page: the
   * continued notes first.
   */
  #overflow(list: HTMLElement, room: number, carried: number): HTMLElement[] {
    const top = list.getBoundingClientRect().top;
    const limit = top + room - (parseFloat(getComputedStyle(list).paddingBottom) || 0) + 0.5;
    const notes = [...list.children] as HTMLElement[];
    const own = notes.slice(carried);
    const ownHeight =
      own.length > 0 ? own.at(-1)!.getBoundingClientRect().bottom - own[0]!.getBoundingClientRect().top : 0;
    const carriedEnd = notes[carried - 1]?.getBoundingClientRect().bottom ?? top;
    const carriedRest =
      carried > 0 && carriedEnd > limit - ownHeight ? this.#cut(notes.slice(0, carried), limit - ownHeight) : [];
    return [...carriedRest, ...this.#cut(own, limit)];
  }

  /** Cuts a run of notes where they pass `limit` (a place on the page); returns what goes on. */
  #cut(notes: HTMLElement[], limit: number): HTMLElement[] {
    const index = notes.findIndex((note) => note.getBoundingClientRect().bottom > limit);
    if (index < 0) return [];
    const rest = notes.slice(index);
    const lines = this.#lines(rest[0]!);
    const fit = lines.findIndex((line) => line.bottom > limit);
    if (fit >= 2 || (index === 0 && fit >= 1)) {
      const cut = lines[fit]!;
      let node = cut.first.node;
      if (node instanceof Text) {
        const offset = this.#lineStart(node, cut.first.rect);
        if (offset > 0) node = node.splitText(offset);
      }
      const part = this.#splitBefore(rest[0]!.parentElement!, node) as HTMLElement;
      rest[0] = part;
      const mark = Object.assign(document.createElement('span'), {
        className: this.#classes.noteContinued,
        textContent: `${this.#continued} `,
      });
      (part.querySelector('p, li, div') ?? part).prepend(mark);
      this.#report.continued++;
    }
    for (const note of rest) note.remove();
    return rest;
  }
}

/** What setting the notes did: how many notes, on how many pages, how many continued, how many areas off their page. */
export interface NotesSet {
  notes: number;
  pages: number;
  continued: number;
  misplaced: number;
}

interface Box {
  readonly node: Node;
  readonly rect: DOMRect;
  readonly order: number;
}

/** A line of a page: its first box's place, its bottom, and its first and last box in document order. */
interface Line {
  readonly rect: DOMRect;
  bottom: number;
  first: Box;
  last: Box;
  /** Where its line box ends: its bottom and half its leading. */
  end: number;
}
