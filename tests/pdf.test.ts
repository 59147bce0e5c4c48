import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { parse } from 'yaml';
import { partLength } from '../scripts/render/pdf/print-document.js';
import { headingsOf, needs, pdfOutline, pdfPages, repo, run, tempDir, writeBook } from './helpers.js';

/** Points per unit, for page sizes. */
const sizes: Record<string, [number, number]> = { '6in 9in': [432, 648], A5: [419.53, 595.28], Letter: [612, 792] };

/** A book of long chapters with code, tables and images, written into a temporary folder. */
function longBook(dir: string): string {
  const paragraph = (n: number): string =>
    `Paragraph ${n} explains how a request travels from the client through ` +
    `the load balancer to the application server, which reads from the cache ` +
    `before it asks the database, and how each layer adds latency that the next ` +
    `one must hide.`;
  const chapter = (n: number, title: string): string => {
    const sections = [1, 2, 3].map((s) => {
      const code = [
        '```python',
        ...Array.from({ length: 24 }, (_, i) => `value_${i} = compute(${i}, cache=store)  # step ${i}`),
        '```',
      ].join('\n');
      const table = [
        '| Layer | Latency | Notes |',
        '| --- | ---: | :---: |',
        ...Array.from({ length: 14 }, (_, i) => `| layer ${i} | ${i * 3} ms | row ${i} |`),
      ].join('\n');
      const text = Array.from({ length: 9 }, (_, i) => paragraph(i + 1)).join('\n\n');
      return (
        `## ${title} part ${s}\n\n${text}\n\n${code}\n\n![Diagram ${s}](square.png)\n\n${table}\n\n### ` +
        `Notes on part ${s}\n\n${paragraph(99)}\n`
      );
    });
    return `# ${title}\n\n${paragraph(0)}\n\n${sections.join('\n')}`;
  };
  const config = writeBook(dir, {
    'book.yaml':
      'title: Long Chapters\nauthor: Pat Long\nslug: long\nchapters: [one.md, two.md, three.md]\npdf: {size: Letter}\n',
    'one.md': chapter(1, 'Servers'),
    'two.md': chapter(2, 'Caches'),
    'three.md': chapter(3, 'Databases'),
  });
  copyFileSync(path.join(repo, 'tests/fixtures/sampler/chapters/images/blue-square.png'), path.join(dir, 'square.png'));
  return config;
}

/**
 * A book long enough to be printed in three or more parts (print-document.ts), whose links
 * cross from part to part: the first chapter links to the last one's closing section, the last
 * back to the first's opening one, and a chapter has footnotes.
 */
function bookInParts(dir: string): string {
  const words = 'request client balancer server cache database latency layer queue worker index replica shard'.split(
    ' ',
  );
  const paragraph = (chapter: number, n: number): string =>
    `Chapter ${chapter} paragraph ${n}: ` +
    `${Array.from({ length: 38 }, (_, i) => words[(n * 7 + i * 3) % words.length]).join(' ')}.`;
  // Each chapter holds about 0.6 of a part's text: with four chapters, three or more parts.
  const count = Math.ceil((partLength * 0.6) / paragraph(1, 1).length);
  const chapter = (n: number, title: string, extra: { first?: string; last?: string }): string => {
    const sections = Array.from({ length: 12 }, (_, s) => {
      const text = Array.from({ length: Math.ceil(count / 12) }, (_, i) => paragraph(n, s * 100 + i)).join('\n\n');
      return `## ${title} section ${s + 1}\n\n${text}\n`;
    });
    return `# ${title}\n\n${extra.first ?? ''}\n\n${sections.join('\n')}\n${extra.last ?? ''}\n`;
  };
  return writeBook(dir, {
    'book.yaml':
      'title: In Parts\nauthor: Pat Parts\nslug: parts\nchapters: [one.md, two.md, ' +
      'three.md, four.md]\ntoc: {depth: 2}\n',
    'one.md': chapter(1, 'Opening', { first: '## Opening words\n\nSee [the closing words](four.md#closing-words).' }),
    'two.md': chapter(2, 'Caching', {}),
    'three.md': chapter(3, 'Storage', {
      first: 'A claim with a note.[^a] And another.[^b]\n\n[^a]: The first note.\n[^b]: The second note.',
    }),
    'four.md': chapter(4, 'Closing', {
      last: '## Closing words\n\nBack to [the opening words](one.md#opening-words).\n\n![A blue square](square.png)',
    }),
    'square.png': readFileSync(path.join(repo, 'tests/fixtures/sampler/chapters/images/blue-square.png')),
  });
}

const books = [
  { name: 'the real book', config: () => path.join(repo, 'book.yaml') },
  { name: 'the sampler', config: () => path.join(repo, 'tests/fixtures/sampler/book.yaml') },
  { name: 'a book of long chapters', config: (dir: string) => longBook(dir) },
  { name: 'a book printed in parts', config: (dir: string) => bookInParts(dir) },
];

for (const book of books) {
  describe(`the PDF of ${book.name}`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'book-pdf-'));
    let file = '';
    let yaml: {
      title: string;
      author?: string | (string | { name: string })[];
      description?: string;
      subjects?: string[];
      language?: string;
      toc?: { depth?: number };
      pdf?: { size?: string };
    };
    let pages: string[] = [];
    let outline: Awaited<ReturnType<typeof pdfOutline>> = [];
    let headings: { depth: number; text: string }[] = [];

    before(async () => {
      const config = book.config(dir);
      yaml = parse(readFileSync(config, 'utf8'));
      const result = run(['build', '--config', config, '--out', path.join(dir, 'out'), '--format', 'pdf', '--quiet']);
      assert.equal(result.status, 0, result.stderr);
      const name =
        readFileSync(config, 'utf8').match(/^slug: (.+)$/m)?.[1] ??
        yaml.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      file = path.join(dir, 'out', `${name}.pdf`);
      outline = await pdfOutline(file);
      headings = headingsOf(config);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test("the page size is book.yaml's", async () => {
      const doc = await PDFDocument.load(readFileSync(file));
      const [width, height] = sizes[yaml.pdf?.size ?? '6in 9in']!;
      for (const page of doc.getPages()) {
        assert.ok(
          Math.abs(page.getWidth() - width) < 1 && Math.abs(page.getHeight() - height) < 1,
          `${page.getWidth()}×${page.getHeight()}`,
        );
      }
    });

    test("the document information is book.yaml's", async () => {
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
      const tocText = pages
        .slice(tocStart - 1)
        .join(' ')
        .replace(/\s+/g, ' ');
      let cursor = tocText.indexOf('Contents');
      let outlineCursor = 0;
      for (const heading of headings.filter((h) => h.depth <= depth)) {
        const at = tocText.indexOf(`${heading.text} `, cursor);
        assert.notEqual(at, -1, `TOC entry "${heading.text}"`);
        const printed = /^\s*(\d+)/.exec(tocText.slice(at + heading.text.length))?.[1];
        const item = outline.findIndex((o, index) => index >= outlineCursor && o.title === heading.text);
        outlineCursor = item + 1;
        assert.equal(
          printed,
          folio(outline[item]!.page),
          `"${heading.text}" is on the page numbered ${folio(outline[item]!.page)}`,
        );
        cursor = at + heading.text.length;
      }
    });

    test("every TOC entry is a link to its heading's page", async () => {
      const depth = yaml.toc?.depth ?? 3;
      const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
      const pageIndex = new Map(doc.getPages().map((page, index) => [page.ref.toString(), index]));
      const tocStart = outline.find((item) => item.title === 'Contents')!.page;
      const firstChapter =
        outline.find((item) => item.level === 1 && item.title !== 'Contents' && item.page > tocStart)?.page ??
        doc.getPageCount() + 1;
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
      assert.equal(
        doc.catalog
          .lookupMaybe(PDFName.of('Dests'), PDFDict)
          ?.keys()
          .filter((key) => key.toString().startsWith('/book-')).length ?? 0,
        0,
        "no destination of the print's own",
      );
    });

    test('hyphens only at the ends of lines, none in headings, and no soft hyphen inside a word', (t) => {
      if (!needs(t, 'poppler')) return;
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      // Chromium writes a soft hyphen it breaks at as itself and the hyphen it draws (U+2010).
      assert.doesNotMatch(text, /\u00ad(?!\u2010\n)/, 'a soft hyphen inside a word');
      const inside = text.match(/.*\u2010(?!\n).*/g) ?? [];
      assert.deepEqual(inside, [], 'a hyphen the print added, inside a line');
      const ends = text.match(/\u2010\n/g)?.length ?? 0;
      // The real book's prose is long enough to have many; every book's headings have none.
      if (book.name === 'the real book') assert.ok(ends >= 20, `${ends} hyphenated line ends`);
      for (const item of outline) assert.doesNotMatch(item.title, /[\u00ad\u2010]/, item.title);
    });

    test('chapters start on odd pages, and their later pages carry the chapter title at the head', (t) => {
      if (!needs(t, 'poppler')) return;
      pages = pages.length ? pages : pdfPages(file);
      // The table of contents of a book without a [TOC] marker is front matter, not a chapter.
      const chapters = outline.filter((item) => item.level === 1 && item.title !== 'Contents');
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

describe('a book printed in parts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'book-parts-'));
  const config = bookInParts(dir);
  let file = '';
  let said = '';
  let outline: Awaited<ReturnType<typeof pdfOutline>> = [];
  before(async () => {
    const result = run(['build', '--config', config, '--out', path.join(dir, 'out'), '--format', 'pdf', '--verbose']);
    assert.equal(result.status, 0, result.stderr);
    said = result.stderr;
    file = path.join(dir, 'out', 'parts.pdf');
    outline = await pdfOutline(file);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('is cut into parts of whole chapters, the front matter in the first', async () => {
    const { loadConfig } = await import('../scripts/config/load-config.js');
    const { checkManuscript } = await import('../scripts/check/check-book.js');
    const { transform } = await import('../scripts/transform/transform.js');
    const { createLog } = await import('../scripts/log.js');
    const { loadTemplates } = await import('../scripts/render/templates.js');
    const { printParts, linkTargets } = await import('../scripts/render/pdf/print-document.js');
    const { toHtml } = await import('hast-util-to-html');
    const loaded = loadConfig(config);
    const book = await checkManuscript(loaded, createLog(true));
    const context = {
      book,
      content: await transform(book),
      templates: loadTemplates(loaded.templates, ['print.css']),
      signal: new AbortController().signal,
      buildTime: async () => new Date(0),
    };
    const parts = printParts(context, '', linkTargets(book));
    assert.ok(parts.length >= 3, `${parts.length} parts`);
    assert.deepEqual(
      parts.flatMap((part) => part.chapters),
      [0, 1, 2, 3],
    );
    const html = parts.map((part) => toHtml(part.root));
    assert.match(html[0]!, /class="title-page"/);
    assert.ok(html.slice(1).every((part) => !part.includes('class="title-page"') && !part.includes('nav class="toc"')));
  });

  test('prints a part the second time right after its first, but the one with the contents', () => {
    // The PDF so printed is read back by this book's other tests (its links, images and tagged
    // text) and by the tests of every book above (its TOC numbers, running heads, bookmarks).
    const [, once, parts] =
      /the PDF printed (\d+) of its (\d+) parts the second time right after the first/.exec(said) ?? [];
    assert.ok(once !== undefined && parts !== undefined, said);
    assert.ok(Number(once) >= 1 && Number(once) < Number(parts), `${once} of ${parts}`);
  });

  test('a link to a place in another part goes to that place', async () => {
    const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
    const pageIndex = new Map(doc.getPages().map((page, index) => [page.ref.toString(), index + 1]));
    const dests = doc.catalog.lookup(PDFName.of('Dests'), PDFDict);
    const found = new Map<string, number>();
    doc.getPages().forEach((page) => {
      const annotations = page.node.Annots();
      for (let i = 0; i < (annotations?.size() ?? 0); i++) {
        const dest = annotations!.lookup(i, PDFDict).lookup(PDFName.of('Dest'));
        if (!(dest instanceof PDFName)) continue;
        const name = dest.decodeText();
        const target = dests.lookup(PDFName.of(name));
        assert.ok(target instanceof PDFArray, `the destination ${name} is defined`);
        found.set(name, pageIndex.get(target.get(0).toString())!);
      }
    });
    const pageOf = (title: string): number => outline.find((item) => item.title === title)!.page;
    assert.equal(found.get('closing-words'), pageOf('Closing words'));
    assert.equal(found.get('opening-words'), pageOf('Opening words'));
    assert.ok(pageOf('Closing words') - pageOf('Opening words') > 100, 'the two places are far apart');
  });

  test('an image of the last part is in the PDF, where its section is', (t) => {
    if (!needs(t, 'poppler')) return;
    const result = spawnSync('pdfimages', ['-list', file], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const pages = result.stdout
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((line) => Number(line.trim().split(/\s+/)[0]));
    const section = outline.find((item) => item.title === 'Closing words')!.page;
    assert.equal(pages.length, 1, result.stdout);
    assert.ok(
      pages[0] === section || pages[0] === section + 1,
      `the image is on page ${pages[0]}, its section starts on ${section}`,
    );
  });

  test('the tagged structure holds the text of every part, in order', (t) => {
    if (!needs(t, 'poppler')) return;
    const result = spawnSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(result.status, 0, result.stderr);
    const text = result.stdout;
    const at = [
      'Chapter 1 paragraph 0:',
      'Chapter 2 paragraph 0:',
      'Chapter 3 paragraph 0:',
      'The second note.',
      'Chapter 4 paragraph 1100:',
    ].map((words) => text.indexOf(words));
    assert.ok(
      at.every((index) => index !== -1),
      String(at),
    );
    assert.deepEqual(
      [...at].sort((a, b) => a - b),
      at,
    );
  });
});

describe('the TOC page-number column', () => {
  // A number wider than its column overflows the page, and Chromium then shrinks the whole second
  // print to fit: its pages hold more than the first print's and every planned number is wrong.
  test('holds the numbers it was sized for, in bold and plain entries, without overflowing the page', async (t) => {
    if (!needs(t, 'chromium')) return;
    const { default: puppeteer } = await import('puppeteer');
    const { pageStyles } = await import('../scripts/render/pdf/page-styles.js');
    const { loadConfig } = await import('../scripts/config/load-config.js');
    const config = loadConfig(path.join(repo, 'book.yaml'));
    const css = ['style.css', 'print.css']
      .map((name) => readFileSync(path.join(repo, 'templates', name), 'utf8'))
      .join('\n');
    const entry = (text: string, number: string): string =>
      `<li><a href="#x"><span class="toc-text">${text}</span><span class="toc-page">${number}</span></a></li>`;
    const browser = await puppeteer.launch({
      executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage();
      await page.emulateMediaType('print');
      // The text width of a 6in page with book.yaml's 0.65in side margins, in CSS pixels.
      await page.setViewport({ width: Math.floor((6 - 2 * 0.65) * 96), height: 800 });
      for (const chars of [1, 3, 4, 5, 6]) {
        const number = '8'.repeat(chars);
        const long = 'Building a Scalable and Secure E-commerce Platform with Caches';
        const nested = `<li><ol>${entry(long, number)}${entry('Short', number)}</ol></li>`;
        const toc = `<nav class="toc"><ol>${entry(long, number)}${nested}</ol></nav>`;
        await page.setContent(
          `<!doctype html><html><head><style>${css}</style>` +
            `<style>${pageStyles(config, Math.max(4, chars))}</style></head><body>${toc}</body></html>`,
        );
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

describe('the page itself', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'book-page-'));
  let pages: string[] = [];
  const url = 'https://example.org/a-rather/long/path/that/goes/on/and-on/past-the-margin/of-the-page/index.html';
  const longCode = Array.from({ length: 90 }, (_, i) => `line_${i + 1} = compute(${i + 1})`).join('\n');
  const rows = Array.from({ length: 80 }, (_, i) => `| Row ${i + 1} | Value ${i + 1} |`).join('\n');
  before(() => {
    const config = writeBook(dir, {
      'book.yaml': 'title: The Page\nslug: page\nchapters: [a.md]\n',
      'a.md': [
        '# The Page',
        '',
        `The address ${url} is long.`,
        '',
        `${'Some words to fill the page. '.repeat(60)}`,
        '',
        '```python',
        'short_block = "stays whole"',
        'second_line = True',
        '```',
        '',
        '```python',
        longCode,
        '```',
        '',
        '| Name | Figure |',
        '| --- | --- |',
        rows,
        '',
      ].join('\n'),
    });
    const result = run(['build', '--config', config, '--format', 'pdf', '--out', path.join(dir, 'out'), '--quiet']);
    assert.equal(result.status, 0, result.stderr);
    if (spawnSync('pdftotext', ['-v']).status === 0) pages = pdfPages(path.join(dir, 'out', 'page.pdf'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a long web address breaks after a slash, within the margin', (t) => {
    if (!needs(t, 'poppler')) return;
    const lines = pages.join('\n').split('\n');
    const first = lines.find((line) => line.includes('https://example.org/'));
    assert.ok(first, 'the address');
    assert.match(first!.trimEnd(), /\/$/, `the address's first line ends at a slash: ${first}`);
    const text = pages.join('\n').replace(/\s+/g, '');
    assert.ok(text.includes(url), 'the whole address, in order');
  });

  test('a code block longer than a page breaks across pages; a short one stays whole', (t) => {
    if (!needs(t, 'poppler')) return;
    const holding = (text: string): number[] => pages.flatMap((page, index) => (page.includes(text) ? [index] : []));
    assert.equal(holding('short_block').join(), holding('second_line').join(), 'the short block on one page');
    const first = holding('line_1 =')[0]!;
    const last = holding('line_90 =')[0]!;
    assert.ok(last > first, `the long block runs from page ${first + 1} to page ${last + 1}`);
  });

  test('a table that breaks repeats its header row on each of its pages', (t) => {
    if (!needs(t, 'poppler')) return;
    const holding = pages.filter((page) => /Row \d+/.test(page));
    assert.ok(holding.length >= 2, `${holding.length} pages of the table`);
    for (const page of holding) assert.match(page, /Name\s+Figure/);
  });
});

describe('page references', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'book-refs-'));
  const filler = (n: number): string =>
    Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} of the filler, ${'words to fill '.repeat(12)}.`).join(
      '\n\n',
    );
  const files = {
    'one.md': [
      '# Opening',
      '',
      'See [the far section](two.md#the-far-section), [the note](#note), and [this page](#near-words).',
      '',
      '## Near words',
      '',
      'Text near the link.',
      '',
      '## About [the far one](two.md#the-far-section)',
      '',
      'A heading with a link.',
      '',
      filler(30),
      '',
      '<p id="note">A paragraph with an id of its own, after much text.</p>',
      '',
    ].join('\n'),
    'two.md': ['# Second', '', filler(20), '', '## The far section', '', 'Back to [the opening](one.md).', ''].join(
      '\n',
    ),
  };
  let on: (text: string) => number[] = () => [];
  let folio: (page: number) => string = () => '';
  let pages: string[] = [];

  before(() => {
    const config = writeBook(dir, { 'book.yaml': 'title: Refs\nslug: refs\nchapters: [one.md, two.md]\n', ...files });
    const result = run(['build', '--config', config, '--format', 'pdf', '--out', path.join(dir, 'out'), '--quiet']);
    assert.equal(result.status, 0, result.stderr);
    if (spawnSync('pdftotext', ['-v']).status !== 0) return;
    pages = pdfPages(path.join(dir, 'out', 'refs.pdf'));
    on = (text) => pages.flatMap((page, index) => (page.replace(/\s+/g, ' ').includes(text) ? [index] : []));
    folio = (page) => pages[page]!.trim().split('\n').at(-1)!.trim();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("a link to a place on another page says that page's number; one to its own page says none", async (t) => {
    if (!needs(t, 'poppler')) return;
    const text = pages.join('\n').replace(/\s+/g, ' ');
    const far = /the far section \(p\. (\w+)\)/.exec(text)?.[1];
    const note = /the note \(p\. (\w+)\)/.exec(text)?.[1];
    assert.ok(far && note, text.slice(0, 600));
    assert.equal(far, folio(on('The far section').at(-1)!), 'the far section');
    assert.equal(note, folio(on('A paragraph with an id of its own')[0]!), 'the note');
    assert.match(text, /this page, and|this page\. /, 'no number after a link to its own page');
    assert.doesNotMatch(text, /this page \(p\./);
    // A link in a heading gets no number: the heading's text is its bookmark's.
    assert.doesNotMatch(text, /About the far one \(p\./);
    const outline = await pdfOutline(path.join(dir, 'out', 'refs.pdf'));
    assert.ok(
      outline.some((item) => item.title === 'About the far one'),
      JSON.stringify(outline),
    );
    // Back to the opening: the chapter's start, on another page.
    const back = /the opening \(p\. (\w+)\)/.exec(text)?.[1];
    assert.equal(back, folio(on('Opening See')[0] ?? on('Opening')[0]!));
  });

  test('pdf: {page-references: false} turns them off', (t) => {
    const config = writeBook(tempDir(t), {
      'book.yaml': 'title: Refs\nslug: refs\nchapters: [one.md, two.md]\npdf: {page-references: false}\n',
      ...files,
    });
    const out = path.join(path.dirname(config), 'out');
    const result = run(['build', '--config', config, '--format', 'pdf', '--out', out, '--quiet']);
    assert.equal(result.status, 0, result.stderr);
    if (!needs(t, 'poppler')) return;
    assert.doesNotMatch(pdfPages(path.join(out, 'refs.pdf')).join('\n'), /\(p\. /);
  });
});
