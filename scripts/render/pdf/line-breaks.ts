import texLineBreak, { type InputItem } from 'tex-linebreak';
import type { LinePlan, MeasuredParagraph } from './paragraph-lines.js';

// A webpack bundle, whose names Node's ESM loader cannot see: taken from the module's object.
const { breakLines, forcedBreak, lineContentStart, MAX_COST } = texLineBreak;

/**
 * The lines of a justified paragraph measured on one line (paragraph-lines.ts), chosen together
 * by TeX's line breaker (Knuth and Plass, from the `tex-linebreak` package): a space stretches by
 * half its width and shrinks by a third, a break at a hyphen costs 50 (TeX's `\hyphenpenalty`), and
 * the last line has what room is left. Each line's word spacing is what fills it to `slack`
 * pixels under its length, so that none is wider than the print's (the last line is only
 * shrunk, if it must be). None for a paragraph of one line, or one the breaker cannot set.
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
  for (const [line, start] of points.slice(0, -1).entries()) {
    const { natural, glues, shrink } = lineOf(items, start, points[line + 1]!);
    const room = lengths[line]! - slack - natural;
    // A line that does not fit even with its spaces shrunk (a word longer than the line) is left to Chromium.
    if (room < -shrink - 1e-6) return null;
    const extra = glues === 0 ? 0 : room / glues;
    spacing.push(line === points.length - 2 ? Math.min(0, extra) : extra);
  }
  return { breaks: breaks as number[], spacing };
}

/**
 * A line's natural width, its spaces and what they may shrink, from its break `start` to its
 * break `end`: a penalty inside a line takes no room, only the one it ends at (a hyphen); the
 * paragraph's last glue, which fills its last line, is no space.
 */
function lineOf(items: InputItem[], start: number, end: number): { natural: number; glues: number; shrink: number } {
  let natural = 0;
  let glues = 0;
  let shrink = 0;
  for (let index = lineContentStart(items, start, end); index < end; index++) {
    const item = items[index]!;
    if (item.type === 'penalty') continue;
    natural += item.width;
    if (item.type === 'glue' && index !== items.length - 2) {
      glues++;
      shrink += item.shrink;
    }
  }
  const ending = items[end];
  if (ending?.type === 'penalty') natural += ending.width;
  return { natural, glues, shrink };
}

/** The paragraph as TeX's boxes, glue and penalties, with the break each break item stands for. */
function itemsOf(paragraph: MeasuredParagraph): { items: InputItem[]; breakOf: Map<number, number> } {
  const items: InputItem[] = [];
  const breakOf = new Map<number, number>();
  let x = paragraph.start;
  paragraph.breaks.forEach((at, index) => {
    items.push({ type: 'box', width: Math.max(0, at.x - x) });
    if (at.kind === 'space' || at.kind === 'fixed') {
      // A no-break space is glue after a penalty that forbids the break: glue breaks only after a box.
      if (at.kind === 'fixed') items.push({ type: 'penalty', width: 0, cost: MAX_COST, flagged: false });
      else breakOf.set(items.length, index);
      items.push({ type: 'glue', width: at.width, stretch: at.width / 2, shrink: at.width / 3 });
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
