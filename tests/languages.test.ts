import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { PDFDocument, PDFName } from 'pdf-lib';
import { labelKeys } from '../scripts/config/labels.js';
import { epubcheck, needs, readEpub, run, tempDir, writeBook } from './helpers.js';

const persian = [
  '# کتاب نمونه',
  '',
  'این یک متن فارسی است که باید از راست به چپ خوانده شود[^1].',
  '',
  'This paragraph is in English inside the Persian book.',
  '',
  '> نقل قولی کوتاه.',
  '',
  '[^1]: یک یادداشت.',
  '',
].join('\n');

describe('the direction and the words of a book in another language', () => {
  test('a Persian book is right to left in every format, with its interface in Persian', async (t) => {
    const dir = tempDir(t);
    const config = writeBook(dir, {
      'book.yaml': 'title: کتاب نمونه\nlanguage: fa\nslug: fa\nchapters: [a.md]\n',
      'a.md': persian,
    });
    const out = path.join(dir, 'out');
    const formats = needs(t, 'chromium') ? 'html,epub,pdf' : 'html,epub';
    const result = run(['build', '--config', config, '--format', formats, '--out', out, '--verbose']);
    assert.equal(result.status, 0, result.stderr);
    // No hyphenation patterns for Persian: the PDF is not hyphenated, and --verbose says so.
    if (formats.includes('pdf'))
      assert.match(result.stderr, /note: the PDF is not hyphenated: there are no hyphenation patterns for "fa"/);

    const page = readFileSync(path.join(out, 'html', 'a.html'), 'utf8');
    assert.match(page, /<html lang="fa" dir="rtl">/);
    assert.match(page, /<p dir="ltr">This paragraph is in English/);
    assert.match(page, /placeholder="جستجو"/);
    assert.match(page, /aria-label="فهرست مطالب"/);
    assert.match(page, /<h2 class="sr-only" id="[^"]*footnote-label">پانویس‌ها<\/h2>/);
    assert.doesNotMatch(page, />(Contents|Search|Footnotes)</);

    const epub = await readEpub(path.join(out, 'fa.epub'));
    const opf = await epub.text(epub.names.find((name) => name.endsWith('.opf'))!);
    assert.match(opf, /<spine [^>]*page-progression-direction="rtl"/);
    const xhtml = await epub.text(epub.names.find((name) => name.endsWith('a.xhtml'))!);
    assert.match(xhtml, /<html [^>]*dir="rtl"/);
    const nav = await epub.text(epub.names.find((name) => name.endsWith('toc.xhtml'))!);
    assert.match(nav, />فهرست</);
    if (needs(t, 'epubcheck')) {
      const verdict = epubcheck(path.join(out, 'fa.epub'));
      assert.deepEqual([verdict.fatal, verdict.errors, verdict.warnings], [0, 0, 0], verdict.messages.join('\n'));
    }

    if (!formats.includes('pdf') || !needs(t, 'poppler')) return;
    const pdf = await PDFDocument.load(readFileSync(path.join(out, 'fa.pdf')));
    const preferences = pdf.catalog.lookup(PDFName.of('ViewerPreferences'));
    assert.match(String(preferences), /\/Direction \/R2L/);
    // The Persian paragraph reaches the right margin; the English paragraph after it starts at the left one.
    const words = execFileSync('pdftotext', ['-bbox', path.join(out, 'fa.pdf'), '-'], { encoding: 'utf8' });
    const boxes = [...words.matchAll(/xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</g)].map(
      (m) => ({
        xMin: Number(m[1]),
        xMax: Number(m[2]),
        text: m[3]!,
      }),
    );
    const english = boxes.findIndex((b) => b.text === 'This');
    assert.ok(english > 0, words);
    const before = boxes.slice(Math.max(0, english - 12), english).filter((b) => /[\u0600-\u06ff]/.test(b.text));
    const margin = 0.65 * 72; // book.yaml's default side margin
    assert.ok(
      Math.max(...before.map((b) => b.xMax)) > 432 - margin - 6,
      `Persian at the right: ${JSON.stringify(before)}`,
    );
    assert.ok(boxes[english]!.xMin < margin + 6, `English at the left: ${JSON.stringify(boxes[english])}`);
  });

  test(
    'Chinese by script, labels from book.yaml over the table, and English with ' +
      'a warning for a language without its row',
    (t) => {
      const dir = tempDir(t);
      const chapter = { 'a.md': '# 書\n\n文字。\n' };
      const build = (yaml: string) => {
        const config = writeBook(dir, { 'book.yaml': `title: 書\nslug: b\nchapters: [a.md]\n${yaml}`, ...chapter });
        const result = run(['build', '--config', config, '--format', 'html', '--out', path.join(dir, 'out')]);
        assert.equal(result.status, 0, result.stderr);
        return { stderr: result.stderr, page: readFileSync(path.join(dir, 'out', 'html', 'a.html'), 'utf8') };
      };
      assert.match(build('language: zh-TW\n').page, /placeholder="搜尋"/);
      assert.match(build('language: zh-CN\n').page, /placeholder="搜索"/);
      const swahili = build('language: sw\nlabels: {search: Tafuta}\n');
      assert.match(swahili.page, /placeholder="Tafuta"/);
      assert.match(swahili.page, /aria-label="Table of contents"/);
      assert.match(swahili.stderr, /book\.yaml:4:11: warning: the interface's words .* not translated into "sw"/);
      // Simplified Chinese as written in Hong Kong: the script decides, not the region.
      assert.match(build('language: zh-Hans-HK\n').page, /placeholder="搜索"/);
      // Every word given in book.yaml: nothing stands in English, nothing to warn of.
      const all = Object.fromEntries(labelKeys.map((key) => [key, `sw-${key}`]));
      const given = build(`language: sw\nlabels: ${JSON.stringify(all)}\n`);
      assert.match(given.page, /placeholder="sw-search"/);
      assert.doesNotMatch(given.stderr, /not translated/);
    },
  );
});
