import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Element, ElementContent } from 'hast';
import { toolRoot } from '../../tool-root.js';

/**
 * Hyphenation of the print: soft hyphens (U+00AD) where TeX's patterns for the book's language
 * (the `hyphen` package, which carries them for some 80 languages) allow a break, put into the
 * print document's text only. Chromium on Linux has no hyphenation dictionaries of its own, so
 * `hyphens: auto` does nothing; with soft hyphens it breaks there and draws a hyphen. The page
 * then keeps only the soft hyphens where a line breaks (print-page.ts), so that the PDF's text
 * has no invisible characters inside its words.
 */

/** A word's break points, as the word with soft hyphens in it. */
export type Hyphenator = (word: string) => string;

export const softHyphen = '\u00ad';

/** Words shorter than this are never broken. */
const minWordLength = 6;
/** Letters kept before and after a break at the least (TeX's defaults for English). */
const minBefore = 2;
const minAfter = 3;

/**
 * Elements whose text is never hyphenated: headings (the outline and the running heads take
 * their text), code, keyboard and sample text, formulas, and text that is not prose.
 */
const unbroken = new Set(
  (
    'h1 h2 h3 h4 h5 h6 code pre kbd samp var tt math svg script style textarea select option title ' +
    'nav abbr acronym time data'
  ).split(' '),
);

/**
 * The pattern file of a BCP 47 language tag among the package's: the tag itself
 * (`en-gb`, `pt`), else its language's usual one (`en` → `en-us`, `de` → `de-1996`), else none.
 */
export function patternName(language: string, available: readonly string[]): string | undefined {
  const tag = language.toLowerCase();
  const primary = tag.split('-')[0] ?? tag;
  const usual: Record<string, string> = {
    en: 'en-us',
    de: 'de-1996',
    el: 'el-monoton',
    mn: 'mn-cyrl',
    sr: 'sr-cyrl',
    sh: 'sh-latn',
    no: 'nb',
  };
  const candidates = [tag, tag.split('-').slice(0, 2).join('-'), usual[primary] ?? primary];
  return candidates.find((name) => available.includes(name));
}

/** The hyphenator of the book's language, or none when the package has no patterns for it. */
export function loadHyphenator(language: string): Hyphenator | undefined {
  const require = createRequire(path.join(toolRoot(), 'package.json'));
  const patterns = path.dirname(require.resolve('hyphen/patterns/en-us.js'));
  const available = readdirSync(patterns).flatMap((file) => (file.endsWith('.js') ? [file.slice(0, -3)] : []));
  const name = patternName(language, available);
  if (!name) return undefined;
  const createHyphenator = require('hyphen') as (patterns: unknown, options: object) => (text: string) => string;
  const hyphenate = createHyphenator(require(`hyphen/patterns/${name}.js`), {
    hyphenChar: softHyphen,
    minWordLength,
    html: false,
  });
  const kept = new Map<string, string>();
  return (word) => {
    let made = kept.get(word);
    if (made === undefined) kept.set(word, (made = keepLigatures(trimBreaks(hyphenate(word)))));
    return made;
  };
}

/** A hyphenated word without the breaks too near its ends (fewer letters than `minBefore`, `minAfter`). */
export function trimBreaks(hyphenated: string): string {
  const parts = hyphenated.split(softHyphen);
  let out = '';
  let before = 0;
  // Letters as code points (an accented letter written with a combining mark counts as two).
  const letters = (text: string): number => Array.from(text).length;
  const total = parts.reduce((sum, part) => sum + letters(part), 0);
  parts.forEach((part, index) => {
    const length = letters(part);
    if (index > 0 && before >= minBefore && total - before >= minAfter) out += softHyphen;
    out += part;
    before += length;
  });
  return out;
}

/**
 * A hyphenated word without the breaks inside the common ligatures (ff, fi, fl, fj, ft): a soft
 * hyphen there keeps the letters apart, and taking it out where the line does not break would
 * join them, narrow the line and move the breaks after it.
 */
export function keepLigatures(hyphenated: string): string {
  return hyphenated.replace(/(?<=f)\u00ad(?=[fijlt])/g, '');
}

/**
 * Text with soft hyphens in its words: only runs of letters (and marks) of at least six, so
 * that URLs, paths, e-mail addresses and identifiers (letters joined by `/`, `.`, `@`, `_`,
 * digits) are left whole.
 */
export function hyphenateText(text: string, hyphenator: Hyphenator): string {
  return text.replace(/(?<![\p{L}\p{M}\p{N}_/.@:\\-])[\p{L}\p{M}]{6,}(?![\p{L}\p{M}\p{N}_/@\\]|\.\p{L})/gu, (word) =>
    hyphenator(word),
  );
}

/**
 * A copy of the elements with soft hyphens in their prose (never in `unbroken` elements, nor in
 * text marked `translate="no"` or in another language than the book's `language`).
 */
export function hyphenateElements(elements: readonly Element[], hyphenator: Hyphenator, language: string): Element[] {
  const primary = (tag: string): string => tag.toLowerCase().split('-')[0] ?? '';
  const visit = <T extends ElementContent>(node: T): T => {
    if (node.type === 'text') return { ...node, value: hyphenateText(node.value, hyphenator) };
    if (node.type !== 'element' || unbroken.has(node.tagName) || node.properties.translate === 'no') return node;
    const { lang } = node.properties;
    if (typeof lang === 'string' && primary(lang) !== primary(language)) return node;
    return { ...node, children: node.children.map(visit) };
  };
  return elements.map(visit);
}
