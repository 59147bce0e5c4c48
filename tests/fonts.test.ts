import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { needs, run, tempDir, writeBook } from './helpers.js';

const chapter =
  '# Scripts\n\nBengali: বাংলা ভাষা.\n\nThai: ภาษาไทย.\n\n' + 'Chinese: 这个规格文件相当庞大。\n\nEmoji: 🎉\n';

describe('fonts for every script of the book', () => {
  test('a script that no installed font has is a warning at its first place, naming the fonts to install', (t) => {
    if (!needs(t, 'chromium')) return;
    const dir = tempDir(t);
    const config = writeBook(dir, { 'book.yaml': 'title: Scripts\nslug: s\nchapters: [a.md]\n', 'a.md': chapter });
    // A font configuration with DejaVu only: what a machine without the Noto fonts has.
    const fonts = path.join(dir, 'fonts.conf');
    writeFileSync(
      fonts,
      '<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>' +
        path.join(dir, 'fc-cache') +
        '</cachedir></fontconfig>\n',
    );
    const result = run(['build', '--config', config, '--format', 'pdf', '--out', path.join(dir, 'out'), '--verbose'], {
      env: { FONTCONFIG_FILE: fonts },
    });
    assert.equal(result.status, 0, result.stderr);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('[fonts]'));
    assert.deepEqual(
      warnings.map((line) => /a\.md:(\d+:\d+): warning: text in the (\S+) script/.exec(line)?.slice(1).join(' ')),
      ['3:10 Bengali', '5:7 Thai', '7:10 Han', '9:8 emoji'],
      result.stderr,
    );
    assert.match(warnings[0]!, /install a font for it \(Debian and Ubuntu: fonts-noto-core\)/);
    assert.match(warnings[3]!, /fonts-noto-color-emoji/);
  });

  test(
    'with the fonts installed nothing is said, and Chinese prints as text in ' + 'a TrueType font, not Type 3 outlines',
    (t) => {
      if (!needs(t, 'chromium') || !needs(t, 'poppler') || !needs(t, 'fonts')) return;
      const dir = tempDir(t);
      // Without the emoji: a colour emoji font is bitmaps, which PDFs hold as Type 3 glyphs.
      const config = writeBook(dir, {
        'book.yaml': 'title: Scripts\nslug: s\nchapters: [a.md]\n',
        'a.md': chapter.replace(/\nEmoji.*\n$/, '\n'),
      });
      const result = run(['build', '--config', config, '--format', 'pdf', '--out', path.join(dir, 'out')]);
      assert.equal(result.status, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /\[fonts\]/);
      const pdf = path.join(dir, 'out', 's.pdf');
      const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
      assert.doesNotMatch(fonts, /Type 3/, fonts);
      assert.match(fonts, /WenQuanYiZenHei\s+CID TrueType/, fonts);
      assert.match(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }), /这个规格文件相当庞大/);
    },
  );
});
