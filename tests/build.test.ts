import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { brokenLinks, epubcheck, headingsOf, needs, pdfOutline, pdfPages, readEpub, repo, run } from './helpers.js';

/** The books built end to end here: the real one and the sampler fixture. */
const books = [
  { name: 'the real book', config: path.join(repo, 'book.yaml') },
  { name: 'the sampler', config: path.join(repo, 'tests/fixtures/sampler/book.yaml') },
];

for (const book of books) {
  describe(`${book.name}, built in all formats`, () => {
    const yaml = parse(readFileSync(book.config, 'utf8')) as { slug?: string; title: string; toc?: { depth?: number } };
    const slug =
      yaml.slug ??
      yaml.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
    const depth = yaml.toc?.depth ?? 3;
    const out = mkdtempSync(path.join(tmpdir(), 'book-build-'));
    let result: ReturnType<typeof run>;
    let headings: { file: string; depth: number; text: string }[];

    before(() => {
      result = run(['build', '--config', book.config, '--out', out]);
      headings = headingsOf(book.config);
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    test('exits 0, with one line per stage on stderr', () => {
      assert.equal(result.status, 0, result.stderr);
      for (const stage of [
        'config',
        'read',
        'parse',
        'check',
        'transform',
        'render html',
        'render epub',
        'render pdf',
      ]) {
        assert.match(result.stderr, new RegExp(`^${stage}: .*\\(\\d+ ms\\)$`, 'm'));
      }
      assert.deepEqual(readdirSync(out).sort(), [`${slug}.epub`, `${slug}.pdf`, '.cache', 'html'].sort());
    });

    test('EPUBCheck finds no error', (t) => {
      if (!needs(t, 'epubcheck')) return;
      const report = epubcheck(path.join(out, `${slug}.epub`));
      assert.equal(report.fatal + report.errors, 0, report.messages.join('\n'));
    });

    test("the EPUB has one XHTML file per chapter, book.yaml's metadata and a nav to toc.depth", async () => {
      const epub = await readEpub(path.join(out, `${slug}.epub`));
      assert.equal(epub.names[0], 'mimetype');
      const chapters = new Set(headings.map((h) => h.file));
      assert.equal(epub.names.filter((n) => /^OEBPS\/(?!toc\.|cover\.)[^/]+\.xhtml$/.test(n)).length, chapters.size);
      const opf = await epub.text('OEBPS/content.opf');
      assert.match(opf, new RegExp(`<dc:title id="title">${escape(yaml.title)}</dc:title>`));
      assert.doesNotMatch(opf, /<dc:description><\/dc:description>|All rights reserved|anonymous/);
      const nav = await epub.text('OEBPS/toc.xhtml');
      const entries = [...nav.matchAll(/<li><a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => m[2]);
      assert.deepEqual(
        entries,
        headings.filter((h) => h.depth <= depth).map((h) => h.text || 'Untitled'),
      );
    });

    test('the HTML site links up: index, chapter pages, book.html', () => {
      const html = path.join(out, 'html');
      const pages = readdirSync(html).filter((n) => n.endsWith('.html'));
      assert.ok(pages.includes('index.html') && pages.includes('book.html'));
      assert.deepEqual(brokenLinks(html), []);
      const index = readFileSync(path.join(html, 'index.html'), 'utf8');
      for (const heading of headings.filter((h) => h.depth <= depth))
        assert.ok(index.includes(`>${escapeHtml(heading.text)}</a>`), heading.text);
      const whole = readFileSync(path.join(html, 'book.html'), 'utf8');
      assert.doesNotMatch(whole, /\[TOC\]/);
    });

    test('the PDF has a bookmark with the exact text of every heading to toc.depth, and page numbers', async (t) => {
      if (!needs(t, 'poppler')) return;
      const outline = await pdfOutline(path.join(out, `${slug}.pdf`));
      const titles = outline.map((item) => item.title);
      for (const heading of headings.filter((h) => h.depth <= depth))
        assert.ok(titles.includes(heading.text), `bookmark "${heading.text}"`);
      // Every page with text after the title page ends with its number: roman in the front matter, then from 1.
      const pages = pdfPages(path.join(out, `${slug}.pdf`));
      assert.ok(pages.length > 1);
      const numbered = pages.filter((page) => page.trim() !== '').slice(1);
      for (const page of numbered)
        assert.match(page.trim().split('\n').at(-1)!.trim(), /^([ivxlc]+|\d+)$/, page.slice(0, 200));
    });

    test('check exits 0 and lists the same messages as JSON', () => {
      const check = run(['check', '--config', book.config, '--reporter', 'json']);
      assert.equal(check.status, 0, check.stderr);
      assert.ok(Array.isArray(JSON.parse(check.stdout)));
    });
  });
}

describe("the sampler's content in every format", () => {
  const config = path.join(repo, 'tests/fixtures/sampler/book.yaml');
  const out = mkdtempSync(path.join(tmpdir(), 'book-sampler-'));
  before(() =>
    assert.equal(run(['build', '--config', config, '--out', out, '--format', 'html,epub', '--quiet']).status, 0),
  );
  after(() => rmSync(out, { recursive: true, force: true }));

  test('cross-chapter links point at the right file and heading', async () => {
    const epub = await readEpub(path.join(out, 'the-sampler.epub'));
    const start = await epub.text('OEBPS/01-start.xhtml');
    assert.match(start, /<a href="02-more\.xhtml#the-details">the details<\/a>/);
    assert.match(start, /<a href="02-more\.xhtml">the next chapter<\/a>/);
    const more = await epub.text('OEBPS/02-more.xhtml');
    assert.match(more, /<a href="02-more\.xhtml#the-details-1">this one<\/a>/);
    assert.match(more, /<a href="02-more\.xhtml#custom-anchor">here<\/a>/);
    const site = readFileSync(path.join(out, 'html', '01-start.html'), 'utf8');
    assert.match(site, /<a href="02-more\.html#the-details">the details<\/a>/);
    assert.match(site, /<a href="#lists-and-tables">a section here<\/a>/);
  });

  test('images are embedded with their media types and alt text; align becomes a class', async () => {
    const epub = await readEpub(path.join(out, 'the-sampler.epub'));
    const opf = await epub.text('OEBPS/content.opf');
    assert.match(opf, /href="images\/blue-square\.png" media-type="image\/png"/);
    assert.match(opf, /href="images\/diagram\.svg" media-type="image\/svg\+xml"/);
    const start = await epub.text('OEBPS/01-start.xhtml');
    assert.match(start, /<img src="images\/blue-square\.png" alt="A blue square" \/>/);
    assert.match(start, /<div class="align-center">/);
    assert.doesNotMatch(start, /align="/);
    assert.ok(readdirSync(path.join(out, 'html', 'images')).includes('diagram.svg'));
  });

  test('the [TOC] marker becomes the contents in the HTML and is dropped in the EPUB', async () => {
    const site = readFileSync(path.join(out, 'html', '01-start.html'), 'utf8');
    assert.match(
      site,
      new RegExp(
        String.raw`<nav class="toc"[^>]*><h2 id="toc-title">Contents<a class="h` +
          String.raw`eading-anchor"[^>]*>#<\/a><\/h2><ol><li><a href="#getting-st` +
          String.raw`arted">Getting Started<\/a>`,
      ),
    );
    const epub = await readEpub(path.join(out, 'the-sampler.epub'));
    assert.doesNotMatch(await epub.text('OEBPS/01-start.xhtml'), /TOC|class="toc"/);
  });

  test('fenced code with a language is highlighted by class in the HTML and the EPUB', async () => {
    const highlighted = new RegExp(
      String.raw`<pre><code class="language-js hljs"><span class="hljs-variab` +
        String.raw`le language_">console<\/span>\.<span class="hljs-title funct` +
        String.raw`ion_">log<\/span>\(<span class="hljs-string">'hello'<\/span>` +
        String.raw`\);`,
    );
    assert.match(readFileSync(path.join(out, 'html', '01-start.html'), 'utf8'), highlighted);
    const epub = await readEpub(path.join(out, 'the-sampler.epub'));
    assert.match(await epub.text('OEBPS/01-start.xhtml'), highlighted);
  });

  test('two builds give byte-identical EPUBs', () => {
    const again = mkdtempSync(path.join(tmpdir(), 'book-sampler-'));
    try {
      assert.equal(run(['build', '--config', config, '--out', again, '--format', 'epub', '--quiet']).status, 0);
      assert.deepEqual(
        readFileSync(path.join(again, 'the-sampler.epub')),
        readFileSync(path.join(out, 'the-sampler.epub')),
      );
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
