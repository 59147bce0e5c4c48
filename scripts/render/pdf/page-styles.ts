import type { BookConfig } from '../../config/load-config.js';
import type { PagePlan } from './page-plan.js';

/**
 * The page rules of the print: size and margins from book.yaml, and the running heads and page
 * numbers. Chromium has no `string-set` or `position: running()`, but it does draw
 * `counter(page, <style>)` in margin boxes; so each page's head and number come from two
 * `@counter-style`s that map the page counter to the text planned for that page.
 * `pages` are the planned pages of the part printed (its page counter starts at 1). Without them
 * (the first print) the margin boxes hold text of the same size, which is all that print needs:
 * margin boxes do not move the text of the pages.
 *
 * The TOC's page-number column is as wide as `numberChars` characters, the same in both prints: a
 * number wider than its column would overflow the page, and Chromium then shrinks the whole
 * print to fit, so the second print's pages would hold more than the first's.
 */
export function pageStyles(config: BookConfig, numberChars: number, pages?: PagePlan['pages']): string {
  // Size and margin passed book.yaml's schema (lengths and size names only): safe in CSS.
  // Digits are tabular (1ch each); the tenth more is room for roman numerals' wider letters.
  const page = [
    `@page { size: ${config.pdf.size}; margin: ${config.pdf.margin}; }`,
    '@page cover { margin: 0; }',
    `:root { --toc-page-width: max(2.4em, ${(numberChars * 1.1).toFixed(1)}ch); }`,
  ].join('\n');
  if (!pages) return `${page}\n@page { @top-center { content: "\\2003"; } @bottom-center { content: counter(page); } }`;
  const symbols = (pick: (p: PagePlan['pages'][number]) => string): string =>
    pages.map((p) => cssString(pick(p))).join(' ');
  return [
    `@counter-style book-none { system: cyclic; symbols: ""; }`,
    `@counter-style book-head { system: fixed 1; symbols: ${symbols((p) => p.head)}; fallback: book-none; }`,
    `@counter-style book-folio { system: fixed 1; symbols: ${symbols((p) => p.folio)}; fallback: book-none; }`,
    page,
    `@page { @top-center { content: counter(page, book-head); } @bottom-center ` +
      `{ content: counter(page, book-folio); } }`,
  ].join('\n');
}

/** A CSS string: quotes, backslashes, line ends and `<` escaped (it stands inside a `<style>`). */
function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}
