import { spawnSync } from 'node:child_process';
import type { Book } from '../../book/types.js';
import { report } from '../../problems.js';

/**
 * Scripts that the usual fonts (DejaVu, Liberation) lack, and the Debian package with a font for
 * them. For Chinese, Japanese and Korean it is WenQuanYi Zen Hei, which the templates name: a
 * TrueType font, which Chromium embeds as text (it embeds Noto CJK's CFF outlines as Type 3).
 */
const scripts: readonly { name: string; pattern: RegExp; fonts: string }[] = [
  ...['Arabic', 'Hebrew', 'Syriac', 'Thaana', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Georgian', 'Ethiopic', 'Khmer', 'Mongolian', 'Armenian', 'Cherokee'].map(
    (name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, 'gu'), fonts: 'fonts-noto-core' }),
  ),
  ...['Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo'].map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, 'gu'), fonts: 'fonts-wqy-zenhei' })),
  { name: 'emoji', pattern: /\p{Extended_Pictographic}/gu, fonts: 'fonts-noto-color-emoji' },
];

/**
 * Where the book has text in a script that no installed font can show (the PDF would print empty
 * boxes): one warning per script, at its first such character, naming the fonts to install.
 * Fonts are known through fontconfig (`fc-list`), as Chromium finds them; without it, nothing is said.
 */
export function reportMissingFonts(book: Book): void {
  const covered = installedCoverage();
  if (!covered) return;
  for (const script of scripts) {
    for (const chapter of book.chapters) {
      const text = String(chapter.file.value);
      const missing = [...text.matchAll(script.pattern)].find((match) => !covered(match[0].codePointAt(0)!));
      if (!missing) continue;
      const place = position(text, missing.index);
      const reason =
        `text in the ${script.name} script ("${missing[0]}") that no installed font has: the PDF would show empty boxes; ` +
        `install a font for it (Debian and Ubuntu: ${script.fonts})`;
      report(chapter.file, reason, { start: place, end: { ...place, column: place.column + missing[0].length } }, 'fonts', 'warning');
      break;
    }
  }
}

/** Whether some installed font has a character, from every font's character set as fontconfig lists it. */
function installedCoverage(): ((codePoint: number) => boolean) | undefined {
  const listed = spawnSync('fc-list', ['--format', '%{charset}\n'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (listed.status !== 0) return undefined;
  const ranges: [number, number][] = [];
  for (const part of listed.stdout.split(/\s+/)) {
    const [from, to] = part.split('-').map((hex) => Number.parseInt(hex, 16));
    if (from !== undefined && !Number.isNaN(from)) ranges.push([from, to === undefined || Number.isNaN(to) ? from : to]);
  }
  return (codePoint) => ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
