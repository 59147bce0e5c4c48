import { execFileSync } from 'node:child_process';

/** How loosely a PDF's justified lines are set, and how many of its lines end in a hyphen. */
export interface Looseness {
  /** Lines of body text that reach the text area's right edge with three words or more. */
  readonly justified: number;
  /** Those whose mean word space is wider than half an em. */
  readonly loose: number;
  /** The mean word space (in em) that 95% of the justified lines stay under. */
  readonly p95: number;
  /** The median mean word space of the justified lines, in em. */
  readonly median: number;
  /** The widest mean word space of a justified line, in em. */
  readonly widest: number;
  /** Lines that end in a hyphen the print added (U+2010). */
  readonly hyphenated: number;
}

interface Word {
  readonly xMin: number;
  readonly xMax: number;
  readonly height: number;
}

/**
 * Measures a PDF's justified lines from the word boxes of `pdftotext -bbox-layout`: a line is
 * justified when it reaches its page's right edge of body text (the widest body line's end,
 * within half a point) with three words or more, and its mean word space is the room between
 * its words over their number less one, in ems of `emPt` (the body's font size, in points).
 * Body text is the lines whose words are as tall as the most common height.
 */
export function looseness(pdf: string, emPt: number): Looseness {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const pages = xml.split('<page ').slice(1).map(linesOf);
  const heights = new Map<number, number>();
  for (const line of pages.flat()) {
    const height = Math.round((line[0]?.height ?? 0) * 10) / 10;
    heights.set(height, (heights.get(height) ?? 0) + 1);
  }
  const body = [...heights].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const isBody = (line: Word[]): boolean => Math.abs((line[0]?.height ?? 0) - body) < 0.15;
  const spaces: number[] = [];
  for (const lines of pages) {
    const right = Math.max(0, ...lines.filter(isBody).map((line) => line.at(-1)?.xMax ?? 0));
    for (const line of lines) {
      const last = line.at(-1);
      if (!last || line.length < 3 || !isBody(line) || right - last.xMax > 0.5) continue;
      const inked = line.reduce((sum, word) => sum + word.xMax - word.xMin, 0);
      spaces.push((last.xMax - (line[0]?.xMin ?? 0) - inked) / (line.length - 1) / emPt);
    }
  }
  spaces.sort((a, b) => a - b);
  const at = (share: number): number => spaces[Math.min(spaces.length - 1, Math.floor(share * spaces.length))] ?? 0;
  return {
    justified: spaces.length,
    loose: spaces.filter((space) => space > 0.5).length,
    p95: at(0.95),
    median: at(0.5),
    widest: spaces.at(-1) ?? 0,
    hyphenated: (xml.match(/\u2010<\/word>\s*<\/line>/g) ?? []).length,
  };
}

/** A page's lines, each the boxes of its words. */
function linesOf(page: string): Word[][] {
  return page
    .split('<line ')
    .slice(1)
    .map((line) =>
      [...line.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)].map((m) => ({
        xMin: Number(m[1]),
        xMax: Number(m[3]),
        height: Number(m[4]) - Number(m[2]),
      })),
    );
}
