import { spawnSync } from 'node:child_process';
import type { Text } from 'hast';
import type { Position } from 'unist';
import { EXIT, visit } from 'unist-util-visit';
import type { Book } from '../../book/types.js';
import { report } from '../../problems.js';

/**
 * Scripts that the usual fonts (DejaVu, Liberation) lack, and the Debian package with a font for
 * them. For Chinese, Japanese and Korean it is WenQuanYi Zen Hei, which the templates name: a
 * TrueType font, which Chromium embeds as text (it embeds Noto CJK's CFF outlines as Type 3).
 */
const scripts: readonly { name: string; pattern: RegExp; fonts: string }[] = [
  ...[
    'Arabic',
    'Hebrew',
    'Syriac',
    'Thaana',
    'Devanagari',
    'Bengali',
    'Gurmukhi',
    'Gujarati',
    'Oriya',
    'Tamil',
    'Telugu',
    'Kannada',
    'Malayalam',
    'Sinhala',
    'Thai',
    'Lao',
    'Tibetan',
    'Myanmar',
    'Georgian',
    'Ethiopic',
    'Khmer',
    'Mongolian',
    'Armenian',
    'Cherokee',
  ].map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, 'u'), fonts: 'fonts-noto-core' })),
  ...['Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo'].map((name) => ({
    name,
    pattern: new RegExp(`\\p{Script=${name}}`, 'u'),
    fonts: 'fonts-wqy-zenhei',
  })),
  { name: 'emoji', pattern: /\p{Extended_Pictographic}/u, fonts: 'fonts-noto-color-emoji' },
];

/**
 * Where the book has text in a script that no installed font can show (the PDF would print empty
 * boxes): one warning per script, at its first such character, naming the fonts to install. The
 * text is the chapters' as the outputs have it (their HTML trees: no link addresses, no code
 * fence names). Fonts are known through fontconfig (`fc-list`), as Chromium finds them; without
 * it, nothing is said.
 */
export function reportMissingFonts(book: Book): void {
  const covered = installedCoverage();
  if (!covered) return;
  const unsaid = new Set(scripts);
  for (const chapter of book.chapters) {
    visit(chapter.hast, 'text', (node) => {
      for (const char of new Set(node.value)) {
        if (char.charCodeAt(0) < 0x370 || covered(char.codePointAt(0)!)) continue;
        const script = [...unsaid].find((s) => s.pattern.test(char));
        if (!script) continue;
        unsaid.delete(script);
        const reason =
          `text in the ${script.name} script ("${char}") that no installed font has: the PDF would show empty boxes; ` +
          `install a font for it (Debian and Ubuntu: ${script.fonts})`;
        report(chapter.file, reason, placeIn(node, node.value.indexOf(char), char.length), 'fonts', 'warning');
      }
      return unsaid.size > 0 ? undefined : EXIT;
    });
  }
}

/**
 * The place of characters in a text node: exact where the node's text is its source as written
 * (no entity or escape in it), else the node's start.
 */
function placeIn(node: Text, index: number, length: number): Position | undefined {
  const { start, end } = node.position ?? {};
  if (!start || !end) return undefined;
  if (start.line !== end.line || end.offset! - start.offset! !== node.value.length) return { start, end };
  const column = start.column + index;
  return { start: { line: start.line, column }, end: { line: start.line, column: column + length } };
}

/**
 * Whether some installed font has a character, from every font's character set as fontconfig
 * lists it: the ranges merged and sorted once, each character found by binary search.
 */
function installedCoverage(): ((codePoint: number) => boolean) | undefined {
  const listed = spawnSync('fc-list', ['--format', '%{charset}\n'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (listed.status !== 0) return undefined;
  const ranges: [number, number][] = [];
  for (const part of listed.stdout.split(/\s+/)) {
    const [from, to] = part.split('-').map((hex) => Number.parseInt(hex, 16));
    if (from !== undefined && !Number.isNaN(from))
      ranges.push([from, to === undefined || Number.isNaN(to) ? from : to]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return (codePoint) => {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [from, to] = merged[mid]!;
      if (codePoint < from) hi = mid - 1;
      else if (codePoint > to) lo = mid + 1;
      else return true;
    }
    return false;
  };
}
