import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HtmlValidate } from 'html-validate';
import { countWords } from '../scripts/check/outline.js';
import { slugOfTitle } from '../scripts/config/load-config.js';
import { ace, axeViolations, epubcheck, needs, readEpub, repo, run, tempDir, writeBook } from './helpers.js';

const fixture = path.join(repo, 'tests/fixtures/any-book/book.yaml');
const slug = '学习-python-编程';

describe('a README-style book in Chinese, in folders', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'book-any-'));
  before(() => {
    const built = run(['build', '--config', fixture, '--out', out, '--format', 'html,epub', '--quiet']);
    assert.equal(built.status, 0, built.stderr);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  test("the files are named after the title and the chapters' folders", () => {
    assert.deepEqual(
      readdirSync(out)
        .filter((name) => !name.startsWith('.'))
        .sort(),
      ['html', `${slug}.epub`],
    );
    assert.deepEqual(
      readdirSync(path.join(out, 'html'))
        .filter((name) => name.endsWith('.html'))
        .sort(),
      ['01-start.html', '02-tables.html', 'book.html', 'index.html'],
    );
  });

  test('an empty header cell is a data cell, and the others stay headers', () => {
    const page = readFileSync(path.join(out, 'html/02-tables.html'), 'utf8');
    assert.equal((page.match(/<th[\s>]/g) ?? []).length, 3);
    assert.match(page, /<tr>\s*<td><\/td>\s*<th>周一<\/th>/);
    assert.match(page, /<tr>\s*<td> <\/td>\s*<th>周三<\/th>/);
  });

  test("a long heading's id is cut to fit a PDF name, and the author's link to it follows", () => {
    const page = readFileSync(path.join(out, 'html/01-start.html'), 'utf8');
    const id = /<h2 id="([^"]+)"/.exec(page)?.[1] ?? '';
    assert.ok(id.startsWith('一个非常长的标题'), id);
    assert.ok(encodeURIComponent(id).length <= 127, `${encodeURIComponent(id).length} bytes`);
    assert.ok(page.includes(`href="#${id}"`));
  });

  test('the EPUB: <details> open, valid for EPUBCheck, nothing for Ace', async (t) => {
    const file = path.join(out, `${slug}.epub`);
    const start = await (await readEpub(file)).text('OEBPS/01-start.xhtml');
    assert.match(start, /<details open="">\s*<summary>答案<\/summary>/);
    if (!needs(t, 'epubcheck')) return;
    const verdict = epubcheck(file);
    assert.deepEqual([verdict.fatal, verdict.errors, verdict.warnings], [0, 0, 0], verdict.messages.join('\n'));
    if (!needs(t, 'chromium')) return;
    assert.deepEqual(ace(file), []);
  });

  test('the site: valid HTML, and axe-core finds nothing serious or critical, light or dark', async (t) => {
    const site = path.join(out, 'html');
    const pages = readdirSync(site).filter((name) => name.endsWith('.html'));
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    for (const name of pages) {
      const report = await validator.validateFile(path.join(site, name));
      assert.deepEqual(
        report.results.flatMap((r) => r.messages.map((m) => `${name}:${m.line} ${m.message}`)),
        [],
      );
    }
    if (!needs(t, 'chromium')) return;
    for (const scheme of ['light', 'dark'] as const)
      assert.deepEqual(await axeViolations(site, pages, scheme), [], scheme);
  });

  test('the PDF: the closed <details> is printed open, and poppler reads every name without a warning', (t) => {
    if (!needs(t, 'chromium') || !needs(t, 'poppler')) return;
    const built = run(['build', '--config', fixture, '--out', out, '--format', 'pdf', '--quiet']);
    assert.equal(built.status, 0, built.stderr);
    const file = path.join(out, `${slug}.pdf`);
    const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    assert.equal(text.status, 0);
    assert.match(text.stdout, /答案\s+隐藏的答案是四十二。/);
    assert.equal(text.stderr, '');
    const dests = spawnSync('pdfinfo', ['-dests', file], { encoding: 'utf8' });
    assert.equal(dests.stderr, '');
    const names = [...dests.stdout.matchAll(/"([^"]*)"$/gm)].map((m) => m[1]!);
    assert.ok(names.length >= 2, dests.stdout);
    for (const name of names) assert.ok(Buffer.byteLength(name) <= 127, `${Buffer.byteLength(name)} bytes: ${name}`);
  });

  test('--stats counts the words of Chinese text', () => {
    const stats = JSON.parse(run(['check', '--config', fixture, '--stats', '--reporter', 'json']).stdout) as {
      chapters: { words: number; sections: { words: number }[] }[];
    };
    const first = stats.chapters[0]!;
    const paragraph = '这是一个中文段落，用于测试字数统计。';
    const expected = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(paragraph)].filter(
      (s) => s.isWordLike,
    ).length;
    assert.ok(expected > 5);
    assert.equal(first.words - first.sections[0]!.words, expected);
  });
});

describe('smaller fixes', () => {
  test('a title in any script gives a file name that keeps it', () => {
    assert.equal(slugOfTitle('学习 Python 编程'), slug);
    assert.equal(slugOfTitle('Become Back-End Developer'), 'become-back-end-developer');
    assert.equal(slugOfTitle('Café & Crème: ÉTÉ'), 'cafe-creme-ete');
    assert.equal(slugOfTitle('Русский язык'), 'русский-язык');
    assert.equal(slugOfTitle('مقدمة في البرمجة'), 'مقدمة-في-البرمجة');
    assert.equal(slugOfTitle('a/b\\c:d*e?f"g<h>i|j'), 'a-b-c-d-e-f-g-h-i-j');
    assert.equal(slugOfTitle('CON'), 'con-book');
    assert.equal(slugOfTitle('***'), 'book');
    assert.ok(Buffer.byteLength(slugOfTitle('नमस्ते '.repeat(40))) <= 120);
  });

  test('words are counted by spaces where a script has them, by segmentation where it has not', () => {
    assert.equal(countWords("Back-end developer, isn't it?"), 4);
    assert.equal(countWords('한국어 문장 입니다'), 3);
    assert.ok(countWords('日本語の文章を数えます。') > 3);
    assert.ok(countWords('ภาษาไทยไม่มีช่องว่าง') > 2);
  });

  test('messages quote a link as its author wrote it', (t) => {
    const config = writeBook(tempDir(t), {
      'book.yaml': 'title: Links\nchapters: [a.md]\n',
      'a.md':
        '# 开始\n\n见[第二章](第二章.md)。\n\n![图](图片/图表.png)\n\n' + '[参考][ref]\n\n[ref]: ../外面/文件.md\n',
    });
    const messages = (
      JSON.parse(run(['check', '--config', config, '--reporter', 'json']).stdout) as { message: string }[]
    ).map((m) => m.message);
    assert.equal(messages.length, 3);
    assert.match(messages[0]!, /^link "第二章\.md" points at "第二章\.md", which does not exist/);
    assert.match(messages[1]!, /^image "图片\/图表\.png" does not exist/);
    assert.match(messages[2]!, /^link "\.\.\/外面\/文件\.md" points outside the book's folder/);
    assert.ok(
      messages.every((m) => !m.includes('%')),
      messages.join('\n'),
    );
  });

  test("heading levels are the author's in every output; the checker reports the skip", async (t) => {
    const config = writeBook(tempDir(t), {
      'book.yaml': 'title: Levels\nchapters: [a.md]\ncheck: {rules: {heading-increment: warning}}\n',
      'a.md': '# A\n\n### Skipped\n\nText.\n\n<h5>Raw</h5>\n\nMore.\n',
    });
    const messages = JSON.parse(run(['check', '--config', config, '--reporter', 'json']).stdout) as {
      ruleId: string;
      line: number;
    }[];
    assert.deepEqual(
      messages.filter((m) => m.ruleId === 'heading-increment').map((m) => m.line),
      [3, 7],
    );
    assert.equal(run(['build', '--config', config, '--format', 'html,epub', '--quiet']).status, 0);
    const dist = path.join(path.dirname(config), 'dist');
    const page = readFileSync(path.join(dist, 'html/a.html'), 'utf8');
    const xhtml = await (await readEpub(path.join(dist, 'levels.epub'))).text('OEBPS/a.xhtml');
    for (const html of [page, xhtml])
      assert.deepEqual(
        [...html.matchAll(/<(h[1-6])[\s>]/g)].map((m) => m[1]),
        ['h1', 'h3', 'h5'],
      );
  });
});
