import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import JSZip from 'jszip';
import { docxMissingWords } from './corpus/words.js';
import { headingsOf, libreOfficePdf, needs, repo, run, writeBook } from './helpers.js';

/** The headings Pandoc reads from a DOCX, in order, with their level and text. */
function pandocHeadings(docx: string): { depth: number; text: string }[] {
  const result = spawnSync('pandoc', ['-f', 'docx', '-t', 'json', docx], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(result.status, 0, result.stderr);
  const blocks = (JSON.parse(result.stdout) as { blocks: { t: string; c: unknown }[] }).blocks;
  const text = (inlines: unknown): string =>
    (inlines as { t: string; c?: unknown }[])
      .map((inline) =>
        inline.t === 'Str'
          ? String(inline.c)
          : inline.t === 'Space'
            ? ' '
            : Array.isArray(inline.c)
              ? text(inline.c.at(-1))
              : '',
      )
      .join('');
  return blocks
    .filter((block) => block.t === 'Header')
    .map((block) => {
      const [depth, , inlines] = block.c as [number, unknown, unknown];
      return { depth, text: text(inlines) };
    });
}

describe('the DOCX', () => {
  let dir = '';
  const books: Record<string, { config: string; docx: string }> = {};
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'book-docx-'));
    for (const [name, source] of [
      ['seed', repo],
      ['sampler', path.join(repo, 'tests/fixtures/sampler')],
    ] as const) {
      const folder = path.join(dir, name);
      cpSync(source, folder, {
        recursive: true,
        filter: (file) => !/[\\/](dist|node_modules|\.git|\.build|tests|scripts)$/.test(file) || file === source,
      });
      const config = path.join(folder, 'book.yaml');
      const built = run(['build', '--config', config, '--format', 'docx', '--quiet']);
      assert.equal(built.status, 0, built.stderr);
      const slug = name === 'seed' ? 'become-back-end-developer' : 'the-sampler';
      books[name] = { config, docx: path.join(folder, 'dist', `${slug}.docx`) };
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('Pandoc reads back every heading at its level, in order, and every word the author wrote', (t) => {
    if (!needs(t, 'pandoc')) return;
    for (const { config, docx } of Object.values(books)) {
      const expected = headingsOf(config).map(({ depth, text }) => ({ depth, text: text.replace(/`/g, '') }));
      assert.deepEqual(
        pandocHeadings(docx).map(({ depth }) => depth),
        expected.map(({ depth }) => depth),
        `${docx}: the levels`,
      );
      assert.deepEqual(
        pandocHeadings(docx).map(({ text }) => text.replace(/\s+/g, ' ').trim()),
        expected.map(({ text }) => text.replace(/\s+/g, ' ').trim()),
        `${docx}: the headings`,
      );
      assert.deepEqual(docxMissingWords(path.dirname(config), config, docx), [], `${docx}: words missing`);
    }
  });

  test(
    "footnotes are Word's own, images are embedded with their alt text, links " +
      'within the book go to bookmarks, header rows repeat',
    async () => {
      const zip = await JSZip.loadAsync(readFileSync(books.sampler!.docx));
      const document = await zip.file('word/document.xml')!.async('string');
      const footnotes = await zip.file('word/footnotes.xml')!.async('string');
      assert.match(footnotes, /The footnote(’|'|&apos;)s text\./);
      assert.match(document, /<w:footnoteReference w:id="1"\/>/);
      assert.ok(
        Object.keys(zip.files).some((name) => /^word\/media\/.+\.png$/.test(name)),
        'the PNG is embedded',
      );
      assert.match(document, /descr="A blue square"/);
      assert.match(document, /descr="A request diagram"/);
      const anchors = [...document.matchAll(/<w:hyperlink [^>]*w:anchor="([^"]+)"/g)]
        .map((m) => m[1]!)
        .filter((name) => !name.startsWith('_Toc'));
      const bookmarks = new Set([...document.matchAll(/<w:bookmarkStart [^>]*w:name="([^"]+)"/g)].map((m) => m[1]!));
      assert.ok(anchors.length >= 3, 'the internal links');
      for (const anchor of anchors) assert.ok(bookmarks.has(anchor), `a link to ${anchor}, which is a bookmark`);
      assert.match(document, /<w:tblHeader\/>/);
      assert.match(document, /<w:pStyle w:val="Heading1"\/>/);
      assert.match(document.replace(/<[^>]+>/g, ''), /☒ Done/);
    },
  );

  test("the page is the book's print page: the sampler's A5, with its margins", async () => {
    const document = await (
      await JSZip.loadAsync(readFileSync(books.sampler!.docx))
    )
      .file('word/document.xml')!
      .async('string');
    // A5 is 148 × 210 mm; twips are 1440 to the inch.
    assert.match(document, /<w:pgSz w:w="8391" w:h="11906"/);
    assert.match(document, /<w:pgMar w:top="1080" w:right="936" w:bottom="1152" w:left="936"/);
  });

  test('LibreOffice opens it and converts it to PDF, with every chapter', (t) => {
    if (!needs(t, 'libreoffice') || !needs(t, 'poppler')) return;
    const out = path.join(dir, 'libreoffice');
    for (const { config, docx } of Object.values(books)) {
      const { pdf, status, stderr } = libreOfficePdf(docx, out);
      assert.equal(status, 0, stderr);
      assert.ok(pdf, `LibreOffice wrote the PDF of ${docx}`);
      const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
      for (const { depth, text: heading } of headingsOf(config))
        if (depth === 1) assert.ok(text.includes(heading.replace(/`/g, '')), `${heading} in LibreOffice's PDF`);
    }
  });

  test(
    "a right-to-left book's paragraphs start on the right and its text runs " + 'right to left; its code does not',
    async () => {
      const folder = path.join(dir, 'rtl');
      const config = writeBook(folder, {
        'book.yaml': 'title: کتاب\nlanguage: fa\nchapters: [one.md]\n',
        'one.md': '# فصل یک\n\nاین یک متن فارسی است با واژهٔ English در میان.\n\n' + '```js\nlet x = 1;\n```\n',
      });
      const built = run(['build', '--config', config, '--format', 'docx', '--quiet']);
      assert.equal(built.status, 0, built.stderr);
      const zip = await JSZip.loadAsync(readFileSync(path.join(folder, 'dist', 'کتاب.docx')));
      const document = await zip.file('word/document.xml')!.async('string');
      const styles = await zip.file('word/styles.xml')!.async('string');
      const paragraph = (text: string): string => document.split('<w:p>').find((p) => p.includes(text)) ?? '';
      assert.match(paragraph('این یک متن'), /<w:bidi\/>/);
      assert.match(
        document.split('<w:p>').find((p) => p.includes('Heading1') && p.includes('فصل یک')) ?? '',
        /<w:bidi\/>/,
      );
      assert.doesNotMatch(paragraph('let x = 1;'), /<w:bidi\/>/);
      assert.match(styles, /<w:docDefaults>.*<w:rtl\/>.*<\/w:docDefaults>/s);
    },
  );

  test('two builds of the same book are byte for byte the same', () => {
    const { config, docx } = books.sampler!;
    const first = readFileSync(docx);
    const again = path.join(dir, 'again');
    const built = run(['build', '--config', config, '--format', 'docx', '--out', again, '--quiet']);
    assert.equal(built.status, 0, built.stderr);
    assert.ok(first.equals(readFileSync(path.join(again, path.basename(docx)))), 'the same bytes');
  });

  test("is made only when asked for, by --format or by book.yaml's formats", () => {
    const folder = path.join(dir, 'formats');
    cpSync(path.join(repo, 'tests/fixtures/sampler'), folder, { recursive: true });
    const config = path.join(folder, 'book.yaml');
    const plain = run(['build', '--config', config, '--format', 'html', '--quiet']);
    assert.equal(plain.status, 0, plain.stderr);
    assert.equal(existsSync(path.join(folder, 'dist', 'the-sampler.docx')), false);
    writeFileSync(config, `${readFileSync(config, 'utf8')}formats: [docx]\n`);
    const asked = run(['build', '--config', config, '--quiet']);
    assert.equal(asked.status, 0, asked.stderr);
    assert.ok(existsSync(path.join(folder, 'dist', 'the-sampler.docx')));
    assert.equal(existsSync(path.join(folder, 'dist', 'the-sampler.epub')), false, 'only the formats book.yaml names');
    writeFileSync(config, `${readFileSync(config, 'utf8')}`.replace('formats: [docx]', 'formats: [docx, odt]'));
    const wrong = run(['build', '--config', config, '--quiet']);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /book\.yaml:\d+:\d+.*expected a format: html, epub, pdf, docx/);
  });
});
