import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { parse } from 'yaml';
import { headingsOf, needs, pdfOutline, pdfPages, repo, run, writeBook } from './helpers.js';

/** Points per unit, for page sizes. */
const sizes: Record<string, [number, number]> = { '6in 9in': [432, 648], A5: [419.53, 595.28], Letter: [612, 792] };

/** A book of long chapters with code, tables and images, written into a temporary folder. */
function longBook(dir: string): string {
  const paragraph = (n: number): string =>
    `Paragraph ${n} explains how a request travels from the client through the load balancer to the application server, which reads from the cache before it asks the database, and how each layer adds latency that the next one must hide.`;
  const chapter = (n: number, title: string): string => {
    const sections = [1, 2, 3].map((s) => {
      const code = ['```python', ...Array.from({ length: 24 }, (_, i) => `value_${i} = compute(${i}, cache=store)  # step ${i}`), '```'].join('\n');
      const table = ['| Layer | Latency | Notes |', '| --- | ---: | :---: |', ...Array.from({ length: 14 }, (_, i) => `| layer ${i} | ${i * 3} ms | row ${i} |`)].join('\n');
      const text = Array.from({ length: 9 }, (_, i) => paragraph(i + 1)).join('\n\n');
      return `## ${title} part ${s}\n\n${text}\n\n${code}\n\n![Diagram ${s}](square.png)\n\n${table}\n\n### Notes on part ${s}\n\n${paragraph(99)}\n`;
    });
    return `# ${title}\n\n${paragraph(0)}\n\n${sections.join('\n')}`;
  };
  const config = writeBook(dir, {
    'book.yaml': 'title: Long Chapters\nauthor: Pat Long\nslug: long\nchapters: [one.md, two.md, three.md]\npdf: {size: Letter}\n',
    'one.md': chapter(1, 'Servers'),
    'two.md': chapter(2, 'Caches'),
    'three.md': chapter(3, 'Databases'),
  });
  copyFileSync(path.join(repo, 'tests/fixtures/sampler/chapters/images/blue-square.png'), path.join(dir, 'square.png'));
  return config;
}

const books = [
  { name: 'the real book', config: () => path.join(repo, 'book.yaml') },
  { name: 'the sampler', config: () => path.join(repo, 'tests/fixtures/sampler/book.yaml') },
  { name: 'a book of long chapters', config: (dir: string) => longBook(dir) },
];

for (const book of books) {
  describe(`the PDF of ${book.name}`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'book-pdf-'));
    let file = '';
    let yaml: { title: string; author?: string | (string | { name: string })[]; description?: string; subjects?: string[]; language?: string; toc?: { depth?: number }; pdf?: { size?: string } };
    let pages: string[] = [];
    let outline: Awaited<ReturnType<typeof pdfOutline>> = [];
    let headings: { depth: number; text: string }[] = [];

    before(async () => {
      const config = book.config(dir);
      yaml = parse(readFileSync(config, 'utf8'));
      const result = run(['build', '--config', config, '--out', path.join(dir, 'out'), '--format', 'pdf', '--quiet']);
      assert.equal(result.status, 0, result.stderr);
      const name = readFileSync(config, 'utf8').match(/^slug: (.+)$/m)?.[1] ?? yaml.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      file = path.join(dir, 'out', `${name}.pdf`);
      outline = await pdfOutline(file);
      headings = headingsOf(config);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('the page size is book.yaml\'s', async () => {
      const doc = await PDFDocument.load(readFileSync(file));
      const [width, height] = sizes[yaml.pdf?.size ?? '6in 9in']!;
      for (const page of doc.getPages()) {
        assert.ok(Math.abs(page.getWidth() - width) < 1 && Math.abs(page.getHeight() - height) < 1, `${page.getWidth()}×${page.getHeight()}`);
      }
    });

    test('the document information is book.yaml\'s', async () => {
      const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
      assert.equal(doc.getTitle(), yaml.title);
      const authors = [yaml.author ?? []].flat().map((a) => (typeof a === 'string' ? a : a.name));
      if (authors.length) assert.equal(doc.getAuthor(), authors.join(', '));
      if (yaml.description) assert.equal(doc.getSubject(), yaml.description.trim());
      if (yaml.subjects) assert.equal(doc.getKeywords(), yaml.subjects.join(' '));
      assert.equal(doc.getCreator(), 'book-pipeline');
      assert.equal(doc.catalog.get(PDFName.of('Lang'))?.toString(), `(${yaml.language ?? 'en'})`);
    });

    test('a bookmark for every heading to toc.depth, with its text, and none deeper', () => {
      const depth = yaml.toc?.depth ?? 3;
      assert.ok(outline.every((item) => item.level <= depth));
      let cursor = 0;
      for (const heading of headings.filter((h) => h.depth <= depth)) {
        const found = outline.findIndex((item, index) => index >= cursor && item.title === heading.text);
        assert.notEqual(found, -1, `bookmark "${heading.text}"`);
        assert.equal(outline[found]!.level, heading.depth, heading.text);
        cursor = found + 1;
      }
    });

    test('every TOC entry prints the number of the page its heading is on', (t) => {
      if (!needs(t, 'poppler')) return;
      pages = pdfPages(file);
      const depth = yaml.toc?.depth ?? 3;
      const folio = (page: number): string => pages[page - 1]!.trim().split('\n').at(-1)!.trim();
      const tocStart = outline.find((item) => item.title === 'Contents')!.page;
      const tocText = pages.slice(tocStart - 1).join(' ').replace(/\s+/g, ' ');
      let cursor = tocText.indexOf('Contents');
      let outlineCursor = 0;
      for (const heading of headings.filter((h) => h.depth <= depth)) {
        const at = tocText.indexOf(`${heading.text} `, cursor);
        assert.notEqual(at, -1, `TOC entry "${heading.text}"`);
        const printed = /^\s*(\d+)/.exec(tocText.slice(at + heading.text.length))?.[1];
        const item = outline.findIndex((o, index) => index >= outlineCursor && o.title === heading.text);
        outlineCursor = item + 1;
        assert.equal(printed, folio(outline[item]!.page), `"${heading.text}" is on the page numbered ${folio(outline[item]!.page)}`);
        cursor = at + heading.text.length;
      }
    });

    test('every TOC entry is a link to its heading\'s page', async () => {
      const depth = yaml.toc?.depth ?? 3;
      const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
      const pageIndex = new Map(doc.getPages().map((page, index) => [page.ref.toString(), index]));
      const tocStart = outline.find((item) => item.title === 'Contents')!.page;
      const firstChapter = outline.find((item) => item.level === 1 && item.title !== 'Contents' && item.page > tocStart)?.page ?? doc.getPageCount() + 1;
      const targets: number[] = [];
      doc.getPages().forEach((page, index) => {
        if (index < tocStart - 1 || index >= firstChapter - 1) return;
        const annotations = page.node.Annots();
        for (let i = 0; i < (annotations?.size() ?? 0); i++) {
          const dest = annotations!.lookup(i, PDFDict).lookup(PDFName.of('Dest'));
          if (dest instanceof PDFArray) targets.push(pageIndex.get(dest.get(0).toString())! + 1);
        }
      });
      const entries = headings.filter((h) => h.depth <= depth);
      assert.equal(targets.length, entries.length, 'one link per TOC entry');
      let outlineCursor = 0;
      entries.forEach((heading, index) => {
        const item = outline.findIndex((o, at) => at >= outlineCursor && o.title === heading.text);
        outlineCursor = item + 1;
        assert.equal(targets[index], outline[item]!.page, `the link of "${heading.text}"`);
      });
      assert.equal(doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)?.keys().filter((key) => /^\/book-/.test(key.toString())).length ?? 0, 0, 'no destination of the print\'s own');
    });

    test('chapters start on odd pages, and their later pages carry the chapter title at the head', (t) => {
      if (!needs(t, 'poppler')) return;
      pages = pages.length ? pages : pdfPages(file);
      const chapters = outline.filter((item) => item.level === 1);
      let checked = 0;
      chapters.forEach((chapter, index) => {
        assert.equal(chapter.page % 2, 1, `"${chapter.title}" starts on page ${chapter.page}`);
        const end = chapters[index + 1]?.page ?? pages.length + 1;
        for (let page = chapter.page + 1; page < end; page++) {
          const firstLine = pages[page - 1]!.trim().split('\n')[0]!.trim();
          if (firstLine === '') continue;
          assert.equal(firstLine.replace(/\s+/g, ' '), chapter.title, `page ${page} head`);
          checked++;
        }
      });
      assert.ok(checked > 0, 'some chapter has more than one page');
    });
  });
}

describe('the TOC page-number column', () => {
  // A number wider than its column overflows the page, and Chromium then shrinks the whole second
  // print to fit: its pages hold more than the first print's and every planned number is wrong.
  test('holds the numbers it was sized for, in bold and plain entries, without overflowing the page', async (t) => {
    if (!needs(t, 'chromium')) return;
    const { default: puppeteer } = await import('puppeteer');
    const { pageStyles } = await import('../scripts/render/pdf/page-styles.js');
    const { loadConfig } = await import('../scripts/config/load-config.js');
    const config = loadConfig(path.join(repo, 'book.yaml'));
    const css = ['style.css', 'print.css'].map((name) => readFileSync(path.join(repo, 'templates', name), 'utf8')).join('\n');
    const entry = (text: string, number: string): string => `<li><a href="#x"><span class="toc-text">${text}</span><span class="toc-page">${number}</span></a></li>`;
    const browser = await puppeteer.launch({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.emulateMediaType('print');
      // The text width of a 6in page with book.yaml's 0.65in side margins, in CSS pixels.
      await page.setViewport({ width: Math.floor((6 - 2 * 0.65) * 96), height: 800 });
      for (const chars of [1, 3, 4, 5, 6]) {
        const number = '8'.repeat(chars);
        const long = 'Building a Scalable and Secure E-commerce Platform with Caches';
        const toc = `<nav class="toc"><ol>${entry(long, number)}<li><ol>${entry(long, number)}${entry('Short', number)}</ol></li></ol></nav>`;
        await page.setContent(`<!doctype html><html><head><style>${css}</style><style>${pageStyles(config, Math.max(4, chars))}</style></head><body>${toc}</body></html>`);
        const overflow = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          slots: [...document.querySelectorAll('.toc-page')].map((slot) => slot.scrollWidth - slot.clientWidth),
        }));
        assert.equal(overflow.page, 0, `${chars}-digit numbers widen the page`);
        assert.deepEqual(overflow.slots, [0, 0, 0], `${chars}-digit numbers overflow their column`);
      }
    } finally {
      await browser.close();
    }
  });
});
