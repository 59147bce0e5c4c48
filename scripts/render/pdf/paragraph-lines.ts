/**
 * The justified paragraphs of the print, measured and then set on the lines that the whole
 * paragraph's line breaker chose (line-breaks.ts). Chromium breaks lines first-fit, one at a
 * time: a line whose next word does not fit stays loose. TeX chooses all of a paragraph's breaks
 * together. So each justified paragraph is laid out for a moment on one line (`white-space:
 * nowrap`), where the place of every break it may take is measured: its spaces, its soft hyphens
 * (hyphenate.ts), its hyphens between letters and its `<wbr>`s (url-breaks.ts), and its no-break
 * spaces, which stretch too. The breaks chosen then become line breaks
 * (`<br>`, after a hyphen drawn for a soft hyphen), and each line's spaces take the width that
 * fills it (`word-spacing`, a little under the line's length, so that no line is wider than the
 * print's). A paragraph with right-to-left, Thai or CJK text, a line break of its own, or a block
 * inside is left to Chromium.
 *
 * This class runs in the browser's page (its source is sent there: it uses nothing else).
 */
export class ParagraphLines {
  /** Text that Chromium breaks and orders in its own ways: right-to-left, Thai, Lao, CJK. */
  static readonly #foreign =
    /[\u0590-\u08ff\u0e00-\u0eff\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
  static readonly #attribute = 'data-book-lines';
  static readonly #kinds: Readonly<Record<string, BreakKind>> = { '\u00a0': 'fixed', '\u00ad': 'hyphen', '-': 'dash' };
  readonly #range = document.createRange();
  readonly #paragraphs: { element: HTMLElement; breaks: Break[]; texts: Set<Text> }[] = [];
  readonly #context = document.createElement('canvas').getContext('2d');
  readonly #hyphens = new Map<string, number>();

  /** The justified paragraphs' lengths and breaks, measured on one line each. */
  measure(): MeasuredParagraph[] {
    const found = this.#justified();
    const texts = found.map((element) => this.#breakableTexts(element));
    return ParagraphLines.#unwrapped(found, () =>
      found.map((element, index) => this.#measureOne(element, texts[index]!)),
    );
  }

  /** What `measure` finds with the paragraphs `elements` kept from wrapping (`white-space: nowrap`) meanwhile. */
  static #unwrapped<T>(elements: readonly HTMLElement[], measure: () => T): T {
    const style = Object.assign(document.createElement('style'), {
      textContent: `[${ParagraphLines.#attribute}] { white-space: nowrap !important; }`,
    });
    for (const element of elements) element.setAttribute(ParagraphLines.#attribute, '');
    document.head.append(style);
    try {
      return measure();
    } finally {
      style.remove();
      for (const element of elements) element.removeAttribute(ParagraphLines.#attribute);
    }
  }

  /**
   * The paragraphs to set: the blocks of the chapters that hold text of their own, justified,
   * left to right, with inline content only.
   */
  #justified(): HTMLElement[] {
    const found: HTMLElement[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('section.chapter *')) {
      const own = [...element.childNodes].some((node) => node instanceof Text && /\S/.test(node.data));
      if (!own) continue;
      const style = getComputedStyle(element);
      if (style.textAlign !== 'justify' || style.direction !== 'ltr' || style.whiteSpace !== 'normal') continue;
      if (style.display.startsWith('inline') || style.display === 'contents') continue;
      if (element.getClientRects().length === 0 || element.querySelector('br')) continue;
      const text = element.textContent ?? '';
      if (!/\s\S/.test(text) || ParagraphLines.#foreign.test(text)) continue;
      const blocks = [...element.children].some((child) => !getComputedStyle(child).display.startsWith('inline'));
      if (!blocks) found.push(element);
    }
    return found;
  }

  /** The paragraph's text nodes that may break at their spaces: those whose white space is normal. */
  #breakableTexts(element: HTMLElement): Set<Text> {
    const texts = new Set<Text>();
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode as Text;
      if (text.parentElement && getComputedStyle(text.parentElement).whiteSpace === 'normal') texts.add(text);
    }
    return texts;
  }

  /** One paragraph on one line: where its lines start, how long they are, and its breaks. */
  #measureOne(element: HTMLElement, texts: Set<Text>): MeasuredParagraph {
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const left = box.left + (parseFloat(style.borderLeftWidth) || 0) + (parseFloat(style.paddingLeft) || 0);
    const width = element.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
    const indent = parseFloat(style.textIndent) || 0;
    const breaks: Break[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node instanceof HTMLElement && node.tagName === 'WBR') {
        breaks.push({ node, offset: 0, kind: 'wbr', x: node.getBoundingClientRect().left - left, width: 0 });
      } else if (node instanceof Text && texts.has(node)) this.#textBreaks(node, left, breaks);
    }
    this.#range.selectNodeContents(element);
    const end = this.#range.getBoundingClientRect().right - left;
    this.#paragraphs.push({ element, breaks, texts });
    return {
      first: width - indent,
      width,
      start: indent,
      end,
      breaks: breaks.map(({ kind, x, width }) => ({ kind, x, width })),
    };
  }

  /** A text node's spaces and soft hyphens, with their places on the paragraph's one line. */
  #textBreaks(node: Text, left: number, breaks: Break[]): void {
    // White space that is not collapsed away is a space: a line end in the source is one too.
    // A hyphen between letters is a break after it, as Chromium takes it ("back-|end").
    for (const match of node.data.matchAll(/[ \t\n\r\f\u00a0\u00ad]|(?<=\p{L})-(?=\p{L})/gu)) {
      this.#range.setStart(node, match.index);
      this.#range.setEnd(node, match.index + 1);
      const rect = this.#range.getClientRects()[0];
      // A space that white space collapses has no width: it is not a break.
      if (!rect || (match[0] !== '\u00ad' && rect.width === 0)) continue;
      const kind = ParagraphLines.#kinds[match[0]] ?? 'space';
      const width = kind === 'hyphen' ? this.#hyphen(node) : kind === 'dash' ? 0 : rect.width;
      const x = kind === 'dash' ? rect.right : rect.left;
      breaks.push({ node, offset: match.index, kind, x: x - left, width });
    }
  }

  /** How wide a hyphen is in a text node's font. */
  #hyphen(node: Text): number {
    const font = node.parentElement ? getComputedStyle(node.parentElement).font : '';
    let width = this.#hyphens.get(font);
    if (width === undefined && this.#context) {
      this.#context.font = font;
      width = this.#context.measureText('\u2010').width;
      this.#hyphens.set(font, width);
    }
    return width ?? 0;
  }

  /**
   * Sets each paragraph measured on the lines planned for it (`null`: left as it is): a line break
   * after each break chosen, a hyphen drawn where a word breaks (its other soft hyphens dropped),
   * and the line's word spacing.
   * Returns how many paragraphs were set.
   */
  apply(plans: readonly (LinePlan | null)[]): number {
    let set = 0;
    const widened: Widened[] = [];
    this.#paragraphs.forEach(({ element, breaks, texts }, index) => {
      const plan = plans[index];
      if (!plan || plan.breaks.length === 0) return;
      const ends = new Set<Node>();
      for (const at of [...plan.breaks].reverse()) {
        const chosen = breaks[at];
        if (chosen) ends.add(this.#breakAt(chosen, texts));
      }
      // The soft hyphens not taken go: no line breaks there, and the print would keep them in
      // its text (print-page.ts's settleHyphens, which need not measure them then).
      for (const text of texts) if (text.data.includes('\u00ad')) text.data = text.data.replaceAll('\u00ad', '');
      widened.push(...this.#space(element, ends, texts, plan));
      set++;
    });
    this.#refill(widened);
    return set;
  }

  /** Breaks the line at a break (a text split there stays among `texts`): returns the `<br>` put there. */
  #breakAt({ node, offset, kind }: Break, texts: Set<Text>): Node {
    const br = document.createElement('br');
    if (kind === 'wbr' || !(node instanceof Text)) {
      (node as Element).after(br);
      return br;
    }
    if (kind === 'hyphen') node.replaceData(offset, 1, '\u2010');
    // After a space, a soft hyphen (a hyphen now) or a hyphen of the text.
    const rest = node.splitText(offset + 1);
    texts.add(rest);
    rest.before(br);
    return br;
  }

  /**
   * Gives each line's text its word spacing and its letter spacing (by line; the lines end at
   * `ends`): only the texts whose spaces were measured (`texts`). Returns the lines given letter
   * spacing.
   */
  #space(element: HTMLElement, ends: Set<Node>, texts: Set<Text>, plan: LinePlan): Widened[] {
    const lines: { texts: Text[]; end: Element | undefined }[] = [{ texts: [], end: undefined }];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (ends.has(node)) {
        lines.at(-1)!.end = node as Element;
        lines.push({ texts: [], end: undefined });
      } else if (node instanceof Text && texts.has(node)) lines.at(-1)!.texts.push(node);
    }
    const widened: Widened[] = [];
    lines.forEach(({ texts: own, end }, line) => {
      const letters = plan.letters[line] ?? 0;
      const count = letters !== 0 ? own.reduce((sum, text) => sum + ParagraphLines.#letters(text.data), 0) : 0;
      // Chromium sets letter spacing in 64ths of a pixel: rounded down, so that the line never
      // comes out wider than planned, its spaces taking what is left.
      const each = count > 0 ? Math.floor((letters / count) * 64) / 64 : 0;
      const spaces = plan.spaces[line] ?? 0;
      const left = spaces > 0 ? (letters - each * count) / spaces : 0;
      // Letter spacing is added after every character, a space too.
      const space = (plan.spacing[line] ?? 0) + left - each;
      const spans: HTMLElement[] = [];
      for (const text of own) {
        const spaced = /[ \t\n\r\f\u00a0]/.test(text.data);
        if (each === 0 && (!spaced || Math.abs(space) < 0.01)) continue;
        const span = document.createElement('span');
        if (spaced) span.style.wordSpacing = `${space.toFixed(3)}px`;
        if (each !== 0) span.style.letterSpacing = `${each.toFixed(4)}px`;
        text.before(span);
        span.append(text);
        if (spaced) spans.push(span);
      }
      if (each !== 0 && end) widened.push({ spans, end, space, spaces, element });
    });
    return widened;
  }

  /** The characters of a text that letter spacing widens: not its white space, soft hyphens or combining marks. */
  static #letters(text: string): number {
    return text.match(/[^\s\u00ad\p{M}]/gu)?.length ?? 0;
  }

  /**
   * Letter spacing turns a line's ligatures (fi, fl) off, which widens it past its measure: each
   * line given letter spacing is measured again where it ends (its paragraph kept from wrapping
   * meanwhile, its lines all ending in line breaks), and its spaces take the difference.
   */
  #refill(widened: readonly Widened[]): void {
    if (widened.length === 0) return;
    const paragraphs = widened.map(({ element }) => element);
    const ends = ParagraphLines.#unwrapped(paragraphs, () =>
      widened.map(({ end, element }) => {
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        const right = box.right - (parseFloat(style.borderRightWidth) || 0) - (parseFloat(style.paddingRight) || 0);
        // Filled to a quarter of a pixel under the line's end, as planned (line-breaks.ts's `slack`).
        return right - 0.25 - end.getBoundingClientRect().left;
      }),
    );
    widened.forEach(({ spans, space, spaces }, index) => {
      const short = ends[index]!;
      if (Math.abs(short) < 0.01 || spaces === 0) return;
      for (const span of spans) span.style.wordSpacing = `${(space + short / spaces).toFixed(3)}px`;
    });
  }
}

/** A line given letter spacing: its spans with spaces, the break that ends it, their spacing, and its paragraph. */
interface Widened {
  readonly spans: readonly HTMLElement[];
  readonly end: Element;
  readonly space: number;
  readonly spaces: number;
  readonly element: HTMLElement;
}

/** A place where a paragraph may break, on its one line: `x` from the line's start, and its width. */
interface Break {
  readonly node: Node;
  readonly offset: number;
  readonly kind: BreakKind;
  readonly x: number;
  readonly width: number;
}

/**
 * A space (its width is the space's), a no-break space (`fixed`: it stretches with the line's
 * spaces but is no break), a soft hyphen (its width is the hyphen's, drawn when the line breaks
 * there), a hyphen between letters (`dash`: the break is after it, and it takes no more room), a
 * `<wbr>` (no width).
 */
export type BreakKind = 'space' | 'fixed' | 'hyphen' | 'dash' | 'wbr';

/**
 * A justified paragraph measured on one line: the length of its first line and of the others,
 * where its first line's text starts (its indent), where its text ends, and its breaks in order.
 */
export interface MeasuredParagraph {
  readonly first: number;
  readonly width: number;
  readonly start: number;
  readonly end: number;
  readonly breaks: readonly { readonly kind: BreakKind; readonly x: number; readonly width: number }[];
}

/**
 * The lines planned for a paragraph: the breaks chosen (their indexes), each line's word spacing
 * and how much wider its letters are set in all (by letter spacing), in pixels.
 */
export interface LinePlan {
  readonly breaks: readonly number[];
  readonly spacing: readonly number[];
  readonly letters: readonly number[];
  /** Each line's spaces. */
  readonly spaces: readonly number[];
}
