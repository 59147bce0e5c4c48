import texLineBreak, { type InputItem } from 'tex-linebreak';
import type { LinePlan, MeasuredParagraph } from './paragraph-lines.js';

// A webpack bundle, whose names Node's ESM loader cannot see: taken from the module's object.
const { breakLines, forcedBreak, lineContentStart, MAX_COST } = texLineBreak;

/**
 * How much wider or narrower the text between spaces may be set, as a share of its width:
 * pdfTeX's font expansion as the microtype package sets it by default (`stretch=20, shrink=20`,
 * 2%). Chromium cannot widen glyphs, so the print adds it as letter spacing, and only to a line
 * whose spaces would stretch or shrink past their own limit (half their width, a third) without it.
 */
export const EXPANSION = 0.02;

/** What a space may stretch and shrink, as a share of its width: TeX's for its fonts' spaces. */
const SPACE_STRETCH = 1 / 2;
const SPACE_SHRINK = 1 / 3;

/**
 * The lines of a justified paragraph measured on one line (paragraph-lines.ts), chosen together
 * by TeX's line breaker (Knuth and Plass, from the `tex-linebreak` package): a space stretches by
 * half its width and shrinks by a third, the words between may widen or narrow by `EXPANSION`, a break at a
 * hyphen costs 50 (TeX's `\hyphenpenalty`), and the last line has what room is left. Each line is
 * filled to `slack` pixels under its length, so that none is wider than the print's (the last line
 * is only shrunk, if it must be): by its spaces up to their limit, and past it by its spaces and
 * letters together, in proportion to what each may stretch or shrink (as pdfTeX expands its
 * glyphs), the letters never past `EXPANSION`.
 * None for a paragraph of one line, or one the breaker cannot set.
 */
export function planLines(paragraph: MeasuredParagraph, slack = 0.25): LinePlan | null {
  const { items, breakOf } = itemsOf(paragraph);
  const lengths = [paragraph.first, ...Array.from({ length: items.length }, () => paragraph.width)];
  let points: number[];
  try {
    points = breakLines(items, lengths, { maxAdjustmentRatio: null });
  } catch {
    return null;
  }
  const breaks = points.slice(1, -1).map((point) => breakOf.get(point));
  if (breaks.length === 0 || breaks.some((at) => at === undefined)) return null;
  const spacing: number[] = [];
  const letters: number[] = [];
  const spaces: number[] = [];
  for (const [line, start] of points.slice(0, -1).entries()) {
    const { natural, glues, shrink, stretch, words } = lineOf(items, start, points[line + 1]!);
    const room = lengths[line]! - slack - natural;
    const last = line === points.length - 2;
    // The last line keeps its letters: it has no break after it to measure it by again.
    const expansion = last ? 0 : words * EXPANSION;
    // A line that does not fit even with its spaces and letters shrunk (a word longer than the
    // line): the paragraph is left to Chromium.
    if (room < -shrink - expansion - 1e-6) return null;
    // As pdfTeX widens or narrows its glyphs: in proportion with the spaces, the same share of
    // what each may stretch or shrink; only where the spaces alone would pass their limit.
    const widened =
      expansion === 0
        ? 0
        : room > stretch
          ? Math.min(expansion, (room * expansion) / (expansion + stretch))
          : room < -shrink
            ? Math.max(-expansion, (room * expansion) / (expansion + shrink))
            : 0;
    const extra = glues === 0 ? 0 : (room - widened) / glues;
    spacing.push(last ? Math.min(0, extra) : extra);
    letters.push(widened);
    spaces.push(glues);
  }
  return { breaks: breaks as number[], spacing, letters, spaces };
}

/** A line's natural width; its spaces, what they may shrink and stretch; and the width of its words. */
interface Line {
  readonly natural: number;
  readonly glues: number;
  readonly shrink: number;
  readonly stretch: number;
  readonly words: number;
}

/**
 * A line from its break `start` to its break `end`: a penalty inside a line takes no room, only the
 * one it ends at (a hyphen); the paragraph's last glue, which fills its last line, is no space.
 */
function lineOf(items: InputItem[], start: number, end: number): Line {
  const line = { natural: 0, glues: 0, shrink: 0, stretch: 0, words: 0 };
  for (let index = lineContentStart(items, start, end); index < end; index++) {
    const item = items[index]!;
    if (item.type === 'penalty') continue;
    line.natural += item.width;
    if (item.type === 'box') line.words += item.width;
    else if (index !== items.length - 2) {
      line.glues++;
      line.shrink += item.width * SPACE_SHRINK;
      line.stretch += item.width * SPACE_STRETCH;
    }
  }
  const ending = items[end];
  if (ending?.type === 'penalty') line.natural += ending.width;
  return line;
}

/** The paragraph as TeX's boxes, glue and penalties, with the break each break item stands for. */
function itemsOf(paragraph: MeasuredParagraph): { items: InputItem[]; breakOf: Map<number, number> } {
  const items: InputItem[] = [];
  const breakOf = new Map<number, number>();
  let x = paragraph.start;
  paragraph.breaks.forEach((at, index) => {
    const word = Math.max(0, at.x - x);
    items.push({ type: 'box', width: word });
    if (at.kind === 'space' || at.kind === 'fixed') {
      // A no-break space is glue after a penalty that forbids the break: glue breaks only after a box.
      if (at.kind === 'fixed') items.push({ type: 'penalty', width: 0, cost: MAX_COST, flagged: false });
      else breakOf.set(items.length, index);
      // The breaker's boxes do not stretch: what the word before may widen or narrow is the space's.
      items.push({
        type: 'glue',
        width: at.width,
        stretch: at.width * SPACE_STRETCH + word * EXPANSION,
        shrink: at.width * SPACE_SHRINK + word * EXPANSION,
      });
      x = at.x + at.width;
    } else {
      breakOf.set(items.length, index);
      // A line that ends at a hyphen, one added or the text's own, costs what TeX's `\hyphenpenalty` says.
      const hyphen = at.kind === 'hyphen' || at.kind === 'dash';
      items.push({ type: 'penalty', width: at.width, cost: hyphen ? 50 : 0, flagged: hyphen });
      x = at.x;
    }
  });
  items.push({ type: 'box', width: Math.max(0, paragraph.end - x) });
  items.push({ type: 'glue', width: 0, stretch: 100_000, shrink: 0 });
  items.push(forcedBreak());
  return { items, breakOf };
}
