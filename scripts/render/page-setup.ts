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

/** Twips per unit of CSS's absolute lengths (1in = 1440 twips = 96px = 72pt). */
const twipsPer: Readonly<Record<string, number>> = { in: 1440, cm: 1440 / 2.54, mm: 1440 / 25.4, pt: 20, px: 15 };

/**
 * The width of the page's text area as a CSS length (`calc(…)`), from book.yaml's `size` and
 * `margin`, for the browser to work out exactly as it does for the print.
 */
export function textWidth(size: string, margin: string): string {
  const [name, orientation] = size.toLowerCase().split(/\s+/);
  const named = namedSizes[name ?? ''];
  const [width, height] = named ? named.map((mm) => `${mm}mm`) : size.split(/\s+/);
  const sides = margin.trim().split(/\s+/);
  const [top = '0', right = top, , left = right] = sides;
  const lengths = [orientation === 'landscape' ? height : width, right, left].map((length) =>
    length === '0' ? '0px' : length,
  );
  return `calc(${lengths[0]} - ${lengths[1]} - ${lengths[2]})`;
}

/** A CSS length of book.yaml (`0.75in`, `20mm`, `0`) in twips. */
function twips(length: string): number {
  const match = /^(\d+(?:\.\d+)?)(mm|cm|in|pt|px)?$/.exec(length.trim());
  if (!match) throw new Error(`not a length: "${length}"`);
  return Math.round(Number(match[1]) * (match[2] ? twipsPer[match[2]]! : 0));
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
