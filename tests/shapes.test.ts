import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { epubcheck, needs, readEpub, run, tempDir, writeBook } from './helpers.js';

test(
  'shapes of real repositories: only deep headings, CSS direction, ids each ' +
    'file has, scheme-relative links: a valid EPUB that keeps them',
  async (t) => {
    const dir = tempDir(t);
    const config = writeBook(dir, {
      'book.yaml':
        'title: Shapes\nslug: shapes\nchapters: [one.md, two.md]\ncheck:\n  rules:\n    single-h1: warning\n',
      // Questions as `######` headings only (a quiz README), deeper than the contents go.
      'one.md':
        '###### 1. What is the output?\n\n<div style="direction: rtl; color: gray">نص ' +
        'عربي</div>\n\n<a id="csharp"></a>C#: [again](#csharp). See [the site](//example.com/path).\n',
      'two.md': '###### 2. And this one?\n\n<a id="csharp"></a>C# in the second file: [here](#csharp).\n',
    });
    const out = path.join(dir, 'out');
    const result = run(['build', '--config', config, '--format', 'html,epub', '--out', out]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(
        String.raw`one\.md:3:1: warning: style="direction: rtl; color: gray" se` +
          String.raw`ts the direction in CSS, which EPUB does not allow: every ou` +
          String.raw`tput writes it as dir="…"`,
      ),
    );
    assert.doesNotMatch(result.stderr, /duplicate-id/, 'the same id in two files is no clash');
    const epub = await readEpub(path.join(out, 'shapes.epub'));
    const [one, two, nav] = await Promise.all(
      ['OEBPS/one.xhtml', 'OEBPS/two.xhtml', 'OEBPS/toc.xhtml'].map((name) => epub.text(name)),
    );
    // The contents list the chapters by their titles when no heading is within their depth.
    assert.match(
      nav!,
      new RegExp(
        String.raw`<ol><li><a href="one\.xhtml">1\. What is the output\?<\/a><\/l` +
          String.raw`i><li><a href="two\.xhtml">2\. And this one\?<\/a><\/li><\/o` +
          String.raw`l>`,
      ),
    );
    assert.match(one!, /<div dir="rtl" style="color: gray">/);
    assert.match(one!, /<a id="csharp" \/>C#: <a href="one\.xhtml#csharp">again<\/a>/);
    assert.match(two!, /<a id="csharp-1" \/>C# in the second file: <a href="two\.xhtml#csharp-1">here<\/a>/);
    assert.match(one!, /<a href="https:\/\/example\.com\/path">the site<\/a>/);
    if (needs(t, 'epubcheck')) {
      const check = epubcheck(path.join(out, 'shapes.epub'));
      assert.deepEqual([check.fatal, check.errors, check.warnings], [0, 0, 0], check.messages.join('\n'));
    }
  },
);
