import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeCommonMarkBook } from './commonmark-book.js';
import { ace, epubcheck, needs, readEpub, repo, run } from './helpers.js';

const sampler = path.join(repo, 'tests/fixtures/sampler/book.yaml');

const books = [
  { name: 'the real book', config: () => path.join(repo, 'book.yaml'), slug: 'become-back-end-developer', ace: true },
  { name: 'the sampler', config: () => sampler, slug: 'the-sampler', ace: true },
  {
    name: 'every CommonMark example',
    config: (dir: string) => writeCommonMarkBook(dir),
    slug: 'commonmark',
    ace: false,
  },
];

for (const book of books) {
  describe(`the EPUB of ${book.name}`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'book-epub-'));
    const file = path.join(dir, 'out', `${book.slug}.epub`);
    before(() => {
      const result = run([
        'build',
        '--config',
        book.config(dir),
        '--out',
        path.join(dir, 'out'),
        '--format',
        'epub',
        '--quiet',
      ]);
      assert.equal(result.status, 0, result.stderr);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('EPUBCheck reports no error and no warning', (t) => {
      if (!needs(t, 'epubcheck')) return;
      const report = epubcheck(file);
      assert.deepEqual(report.messages, []);
    });

    if (book.ace) {
      test('Ace by DAISY reports no violation', (t) => {
        if (!needs(t, 'chromium')) return;
        assert.deepEqual(ace(file), []);
      });
    }

    test("every XHTML page states the book's language and direction", async () => {
      const epub = await readEpub(file);
      const opf = await epub.text('OEBPS/content.opf');
      const lang = /<dc:language>([^<]+)<\/dc:language>/.exec(opf)![1]!;
      for (const name of epub.names.filter((n) => n.endsWith('.xhtml'))) {
        assert.match(await epub.text(name), new RegExp(`<html [^>]*lang="${lang}" dir="ltr" xml:lang="${lang}"`), name);
      }
    });
  });
}

describe("the sampler's EPUB in detail", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'book-epub-'));
  const file = path.join(dir, 'the-sampler.epub');
  before(() =>
    assert.equal(
      run(['build', '--config', sampler, '--out', dir, '--format', 'epub', '--quiet'], {
        env: { SOURCE_DATE_EPOCH: '1700000000' },
      }).status,
      0,
    ),
  );
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('metadata: each author a creator with a role, subtitle, rights as given, nothing invented', async () => {
    const opf = await (await readEpub(file)).text('OEBPS/content.opf');
    assert.match(
      opf,
      new RegExp(
        String.raw`<dc:creator id="creator-1">Ada Writer<\/dc:creator><meta ref` +
          String.raw`ines="#creator-1" property="role" scheme="marc:relators">aut` +
          String.raw`<\/meta>`,
      ),
    );
    assert.match(
      opf,
      new RegExp(
        String.raw`<dc:creator id="creator-2">Ed Itor<\/dc:creator><meta refine` +
          String.raw`s="#creator-2" property="role" scheme="marc:relators">edt<\/m` +
          String.raw`eta>`,
      ),
    );
    assert.match(
      opf,
      new RegExp(
        String.raw`<dc:title id="subtitle">Every construct, once<\/dc:title><me` +
          String.raw`ta refines="#subtitle" property="title-type">subtitle<\/meta` +
          String.raw`>`,
      ),
    );
    assert.match(opf, /<dc:rights>Text licensed CC BY 4\.0<\/dc:rights>/);
    assert.match(opf, /<dc:date>2024-05-01<\/dc:date>/);
    assert.match(opf, /<dc:subject>Testing<\/dc:subject><dc:subject>Markdown<\/dc:subject>/);
    assert.match(
      opf,
      new RegExp(
        String.raw`<dc:identifier id="pub-id">urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-` +
          String.raw`5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/dc:identifier>`,
      ),
    );
    assert.match(opf, /<meta property="dcterms:modified">2023-11-14T22:13:20Z<\/meta>/, 'SOURCE_DATE_EPOCH');
    for (const property of [
      'accessMode',
      'accessModeSufficient',
      'accessibilityFeature',
      'accessibilityHazard',
      'accessibilitySummary',
    ]) {
      assert.match(opf, new RegExp(`<meta property="schema:${property}">[^<]+</meta>`));
    }
    assert.doesNotMatch(opf, /anonymous|All rights reserved|epub-gen/);
  });

  test('the zip entries carry the build time, the mimetype entry first and stored', async () => {
    const epub = await readEpub(file);
    assert.equal(epub.names[0], 'mimetype');
    const raw = readFileSync(file);
    assert.equal(raw.subarray(30, 38).toString(), 'mimetype');
    assert.equal(raw.readUInt16LE(8), 0, 'stored, not deflated');
    for (const entry of Object.values(epub.zip.files)) assert.equal(entry.date.getUTCFullYear(), 2023, entry.name);
  });

  test('the cover is marked, has a page and a landmark', async () => {
    const epub = await readEpub(file);
    const opf = await epub.text('OEBPS/content.opf');
    assert.match(
      opf,
      /<item id="cover-image" href="images\/cover\.png" media-type="image\/png" properties="cover-image">/,
    );
    assert.match(opf, /<spine toc="ncx"><itemref idref="cover"><\/itemref>/);
    assert.match(
      await epub.text('OEBPS/cover.xhtml'),
      /<img src="images\/cover\.png" alt="Cover of The Sampler" epub:type="cover" role="doc-cover"/,
    );
    const nav = await epub.text('OEBPS/toc.xhtml');
    assert.match(nav, /epub:type="landmarks"/);
    for (const type of ['cover', 'toc', 'bodymatter']) assert.match(nav, new RegExp(`epub:type="${type}"`));
  });

  test('footnotes are EPUB notes with links back; task lists, tables and list numbers survive', async () => {
    const page = await (await readEpub(file)).text('OEBPS/01-start.xhtml');
    assert.match(page, /<a [^>]*epub:type="noteref" role="doc-noteref"[^>]*>1<\/a>/);
    assert.match(page, /<section [^>]*epub:type="endnotes" role="doc-endnotes"/);
    assert.match(page, /role="doc-backlink"/);
    assert.match(page, /<input type="checkbox" checked="" disabled=""/);
    assert.match(page, /<td class="align-right">c<\/td>/);
  });

  test('the NCX lists the same headings as the navigation document', async () => {
    const epub = await readEpub(file);
    const ncx = await epub.text('OEBPS/toc.ncx');
    const nav = await epub.text('OEBPS/toc.xhtml');
    const navTitles = [...nav.matchAll(/<li><a href="[^"]+#[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    const ncxTitles = [...ncx.matchAll(/<text>([^<]+)<\/text>/g)].map((m) => m[1]).slice(1);
    assert.deepEqual(ncxTitles, navTitles);
  });

  test('its pages open in Chromium with every image loaded', async (t) => {
    if (!needs(t, 'chromium')) return;
    const epub = await readEpub(file);
    const folder = path.join(dir, 'unzipped');
    for (const name of epub.names) {
      mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      writeFileSync(path.join(folder, name), await epub.zip.file(name)!.async('uint8array'));
    }
    const { default: puppeteer } = await import('puppeteer');
    const browser = await puppeteer.launch({
      executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage();
      for (const name of ['cover.xhtml', '01-start.xhtml', '02-more.xhtml']) {
        await page.goto(`file://${path.join(folder, 'OEBPS', name)}`, { waitUntil: 'load' });
        const images = await page.$$eval('img', (all) =>
          all.map((img) => ({ src: img.getAttribute('src'), width: img.naturalWidth })),
        );
        for (const image of images) assert.ok(image.width > 0, `${name}: ${image.src} loaded`);
        assert.ok((await page.screenshot()).length > 1000);
      }
    } finally {
      await browser.close();
    }
  });
});
