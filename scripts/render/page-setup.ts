/** A page and its margins in twentieths of a point (twips), as Word measures them. */
export interface PageSetup {
  readonly width: number;
  readonly height: number;
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
}

/** CSS's named page sizes (CSS Paged Media, `size`), in millimetres: those book.yaml's `pdf.size` takes. */
const namedSizes: Readonly<Record<string, readonly [number, number]>> = {
  a3: [297, 420],
  a4: [210, 297],
  a5: [148, 210],
  b4: [250, 353],
  b5: [176, 250],
  'jis-b4': [257, 364],
  'jis-b5': [182, 257],
  letter: [215.9, 279.4],
  legal: [215.9, 355.6],
  ledger: [279.4, 431.8],
};

/** CSS pixels per unit of CSS's absolute lengths (1in = 96px = 72pt). */
const pixelsPer: Readonly<Record<string, number>> = { in: 96, cm: 96 / 2.54, mm: 96 / 25.4, pt: 96 / 72, px: 1 };

/** A CSS length of book.yaml in CSS pixels. */
function pixels(length: string): number {
  const match = /^(\d+(?:\.\d+)?)(mm|cm|in|pt|px)?$/.exec(length.trim());
  if (!match) throw new Error(`not a length: "${length}"`);
  return Number(match[1]) * (match[2] ? (pixelsPer[match[2]] ?? 0) : 0);
}

/**
 * The width of the page's text area as Chromium's print lays it out, as a CSS length, from
 * book.yaml's `size` and `margin`: the exact width rounded up to a whole pixel. Measured, not
 * documented: a 6in page with 0.65in margins (451.2px) lays out lines 452px wide, and with 20mm
 * margins (424.8px) 425px wide; lines measured 451px or 453px wide break elsewhere.
 */
export function textWidth(size: string, margin: string): string {
  return `${textArea(size, margin).width}px`;
}

/**
 * The height of the page's text area as Chromium's print cuts pages, in CSS pixels: the exact
 * height rounded up to a whole pixel, as the width is. Measured too: an A5 page with 20mm margins
 * (642.5px) breaks its pages as a column 643px high does, and not as one 642.5px or 643.5px high.
 */
export function textHeight(size: string, margin: string): number {
  return textArea(size, margin).height;
}

function textArea(size: string, margin: string): { width: number; height: number } {
  const [name, orientation] = size.toLowerCase().split(/\s+/);
  const named = namedSizes[name ?? ''];
  const [width = 0, height = 0] = named ? named.map((mm) => pixels(`${mm}mm`)) : size.split(/\s+/).map(pixels);
  const [top = '0', right = top, bottom = top, left = right] = margin.trim().split(/\s+/);
  const [across, down] = orientation === 'landscape' ? [height, width] : [width, height];
  return {
    width: Math.ceil(across - pixels(right) - pixels(left) - 1e-6),
    height: Math.ceil(down - pixels(top) - pixels(bottom) - 1e-6),
  };
}

/** A CSS length of book.yaml (`0.75in`, `20mm`, `0`) in twips (1in = 1440 twips = 96px). */
function twips(length: string): number {
  return Math.round(pixels(length) * 15);
}

/**
 * The DOCX page from book.yaml's print settings, which the PDF's page follows too: `size` a CSS
 * page size (a name, optionally `landscape`, or two lengths), `margin` one to four CSS lengths
 * in CSS's order (top, right, bottom, left, the missing ones taken from their opposite).
 */
export function pageSetup(size: string, margin: string): PageSetup {
  const [name, orientation] = size.toLowerCase().split(/\s+/);
  const named = namedSizes[name!];
  let [width, height] = named ? named.map((mm) => Math.round((mm * 1440) / 25.4)) : size.split(/\s+/).map(twips);
  if (orientation === 'landscape') [width, height] = [height, width];
  const sides = margin.trim().split(/\s+/).map(twips);
  const [top, right = top, bottom = top, left = right] = sides as [number, ...number[]];
  return { width: width!, height: height!, margin: { top, right, bottom, left } };
}
