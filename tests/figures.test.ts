import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import {
  epubcheck,
  libreOfficeUpdatedPdf,
  needs,
  pdfPages,
  readEpub,
  repo,
  run,
  tempDir,
  writeBook,
} from './helpers.js';

/** Numbered figures and tables, and links with no text that take their target's number or title. */
const square = readFileSync(path.join(repo, 'tests/fixtures/sampler/chapters/images/blue-square.png'));
const chapters = {
  'one.md': [
    '# One',
    '',
    'See [](#fig-architecture), [](#tbl-prices-of-things) and [](two.md#second-section).',
    '',
    '![The architecture of it all](img/architecture.png)',
    '',
    '| Thing | Price |',
    '| --- | --- |',
    '| Tea | 2 |',
    '',
    'Table: Prices of *things*',
    '',
    '| Plain | Table |',
    '| --- | --- |',
    '| no | caption |',
    '',
    'An image in a sentence: ![inline](img/architecture.png) is no figure.',
    '',
  ].join('\n'),
  'two.md': [
    '# Two',
    '',
    '## Second section',
    '',
    '![A second square](img/architecture.png "The square again")',
    '',
    '<figure id="raw"><img src="img/architecture.png" alt="Raw"><figcaption>An author’s figure</figcaption></figure>',
    '',
    'Back to [](one.md#fig-architecture), and to [](#raw).',
    '',
  ].join('\n'),
  'img/architecture.png': square,
};

/** The chapters built as a book (book.yaml's `more` added) into `formats`, and the PDF too where Chromium is. */
function built(t: TestContext, more: string, formats: string): { out: string; formats: string; stderr: string } {
  const dir = tempDir(t);
  const config = writeBook(dir, {
    'book.yaml': `title: Figures\nslug: figures\nchapters: [one.md, two.md]\n${more}`,
    ...chapters,
  });
  const out = path.join(dir, 'out');
  const all = needs(t, 'chromium') ? `${formats},pdf` : formats;
  const result = run(['build', '--config', config, '--out', out, '--format', all]);
  assert.equal(result.status, 0, result.stderr);
  return { out, formats: all, stderr: result.stderr };
}

describe('numbered figures and tables', () => {
  test('every format numbers them per chapter, and an empty link takes its number or title', async (t) => {
    const { out, formats, stderr } = built(t, '', 'html,epub,docx');
    assert.doesNotMatch(stderr, /broken-link/);

    const one = readFileSync(path.join(out, 'html', 'one.html'), 'utf8');
    const two = readFileSync(path.join(out, 'html', 'two.html'), 'utf8');
    const number = (kind: string, text: string): string => `<span class="${kind}-number">${text}</span>`;
    assert.ok(
      one.includes(`<figcaption>${number('figure', 'Figure 1.1')}: The architecture of it all</figcaption></figure>`),
    );
    assert.match(one, /<figure id="fig-architecture"><img [^>]*alt="The architecture of it all"><figcaption>/);
    assert.ok(
      one.includes(`<table id="tbl-prices-of-things"><caption>${number('table', 'Table 1.1')}: Prices of <em>things`),
    );
    assert.doesNotMatch(one, /Table: Prices/, 'the caption paragraph is the caption, not a paragraph too');
    assert.equal(one.match(/<caption>/g)?.length, 1, 'a table without a caption has no number');
    assert.equal(one.match(/<figure/g)?.length, 1, 'an image inside a sentence is no figure');
    assert.ok(
      one.includes(
        'See <a href="#fig-architecture">Figure 1.1</a>, <a href="#tbl-prices-of-things">Table 1.1</a> and ' +
          '<a href="two.html#second-section">Second section</a>',
      ),
    );
    assert.match(two, /<figcaption><span class="figure-number">Figure 2\.1<\/span>: The square again<\/figcaption>/);
    assert.match(two, /<figure id="raw">.*<figcaption><span class="figure-number">Figure 2\.2<\/span>: An author’s/);
    assert.match(
      two,
      /Back to <a href="one\.html#fig-architecture">Figure 1\.1<\/a>, and to <a href="#raw">Figure 2\.2<\/a>/,
    );

    const epub = await readEpub(path.join(out, 'figures.epub'));
    const xhtml = await epub.text(epub.names.find((name) => name.endsWith('one.xhtml'))!);
    assert.match(
      xhtml,
      /<figcaption><span class="figure-number">Figure 1\.1<\/span>: The architecture of it all<\/figcaption>/,
    );
    assert.match(xhtml, /See <a href="(?:one\.xhtml)?#fig-architecture">Figure 1\.1<\/a>/);
    if (needs(t, 'epubcheck')) {
      const verdict = epubcheck(path.join(out, 'figures.epub'));
      assert.deepEqual([verdict.fatal, verdict.errors, verdict.warnings], [0, 0, 0], verdict.messages.join('\n'));
    }
    if (needs(t, 'pandoc')) {
      const docx = execFileSync('pandoc', ['-t', 'plain', path.join(out, 'figures.docx')], { encoding: 'utf8' });
      for (const text of [
        'Figure 1.1: The architecture of it all',
        'Table 1.1: Prices of things',
        'Figure 2.1: The square again',
        'See Figure 1.1, Table 1.1 and Second section',
        'Back to Figure 1.1',
      ])
        assert.ok(docx.replace(/\s+/g, ' ').includes(text), `the DOCX: ${text}`);
    }
    if (formats.includes('pdf') && needs(t, 'poppler')) {
      const text = pdfPages(path.join(out, 'figures.pdf')).join('\n').replace(/\s+/g, ' ');
      for (const expected of [
        'Figure 1.1: The architecture of it all',
        'Table 1.1: Prices of things',
        'Figure 2.1: The square again',
        'See Figure 1.1, Table 1.1 and Second section',
        'Back to Figure 1.1',
      ])
        assert.ok(text.includes(expected), `the PDF: ${expected}`);
    }
  });

  test("the words are the book's language's, and a link to a figure that is not there is a broken link", (t) => {
    const dir = tempDir(t);
    const config = writeBook(dir, {
      'book.yaml': 'title: Abbildungen\nlanguage: de\nslug: de\nchapters: [one.md, two.md]\n',
      ...chapters,
      'two.md': `${chapters['two.md']}\nUnd [](#fig-nope).\n`,
    });
    const check = run(['check', '--config', config, '--reporter', 'json']);
    const found = (JSON.parse(check.stdout) as { ruleId: string; line: number }[]).map((m) => `${m.ruleId}@${m.line}`);
    assert.ok(found.includes('broken-link@11'), found.join(', '));
    const fixed = writeBook(dir, { 'two.md': chapters['two.md'] });
    const out = path.join(dir, 'out');
    const result = run(['build', '--config', fixed, '--out', out, '--format', 'html']);
    assert.equal(result.status, 0, result.stderr);
    const one = readFileSync(path.join(out, 'html', 'one.html'), 'utf8');
    assert.match(one, /<span class="figure-number">Abbildung 1\.1<\/span>/);
    assert.match(one, /<span class="table-number">Tabelle 1\.1<\/span>/);
  });
});

test('toc: {figures: true} lists the figures after the contents, linked, with pages in the PDF and DOCX', async (t) => {
  const { out, formats } = built(t, 'toc: {figures: true}\n', 'html,epub,docx');
  const index = readFileSync(path.join(out, 'html', 'index.html'), 'utf8');
  assert.ok(index.includes('<nav class="figures" aria-labelledby="figures-title"><h2 id="figures-title">Figures</h2>'));
  assert.ok(index.includes('<a href="one.html#fig-architecture">Figure 1.1: The architecture of it all</a>'));
  assert.ok(index.includes('<a href="two.html#raw">Figure 2.2: An author’s figure</a>'));
  const epub = await readEpub(path.join(out, 'figures.epub'));
  const nav = await epub.text(epub.names.find((name) => name.endsWith('toc.xhtml'))!);
  assert.match(nav, /<nav class="figures" [^>]*epub:type="lof"/);
  if (needs(t, 'epubcheck')) {
    const verdict = epubcheck(path.join(out, 'figures.epub'));
    assert.deepEqual([verdict.fatal, verdict.errors, verdict.warnings], [0, 0, 0], verdict.messages.join('\n'));
  }
  // The DOCX: Word's table made from the numbered figures' captions, given with its entries, each
  // entry's page a reference to a bookmark in its figure's caption.
  const docx = await readEpub(path.join(out, 'figures.docx'));
  const xml = await docx.text('word/document.xml');
  assert.match(xml, /<w:instrText[^>]*>TOC \\h \\t &quot;Figure Caption,1&quot;<\/w:instrText>/);
  const list = xml.slice(xml.indexOf('<w:alias w:val="Figures"/>'));
  const entries = [...list.slice(0, list.indexOf('</w:sdt>')).matchAll(/<w:p>.*?<\/w:p>/g)]
    .map(([entry]) => ({
      text: [...entry.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((run) => run[1]).join(''),
      target: /PAGEREF (\S+)/.exec(entry)?.[1],
    }))
    // The field's end stands in a paragraph of its own.
    .filter((entry) => entry.text !== '' || entry.target);
  assert.deepEqual(
    entries.map((entry) => entry.text),
    ['Figure 1.1: The architecture of it all', 'Figure 2.1: The square again', 'Figure 2.2: An author’s figure'],
  );
  for (const { target } of entries) {
    const caption = new RegExp(
      `<w:p><w:pPr><w:pStyle w:val="FigureCaption"/>.*?<w:bookmarkStart [^>]*w:name="${target}"`,
    );
    assert.match(xml, caption, `the bookmark ${target} is in a figure's caption`);
  }
  // An office suite, asked to update the fields, fills the list with each figure's page.
  if (needs(t, 'libreoffice-python') && needs(t, 'poppler')) {
    const updated = pdfPages(libreOfficeUpdatedPdf(path.join(out, 'figures.docx'), path.join(out, 'office')));
    const pageOf = (text: string): number => updated.findIndex((page, index) => index > 2 && page.includes(text)) + 1;
    const lines = updated.join('\n').split('\n');
    for (const caption of ['Figure 1.1: The architecture of it all', 'Figure 2.2: An author’s figure']) {
      const entry = lines.find((line) => line.startsWith(caption) && /\.{3}/.test(line));
      assert.equal(entry?.match(/(\d+)$/)?.[1], String(pageOf(caption)), `the list gives the page of ${caption}`);
    }
    const chapter = lines.find((line) => /^One\.{3}/.test(line));
    assert.equal(chapter?.match(/(\d+)$/)?.[1], String(pageOf('The architecture of it all')), 'and the contents');
  }
  if (!formats.includes('pdf') || !needs(t, 'poppler')) return;
  const pages = pdfPages(path.join(out, 'figures.pdf'));
  const listed = /Figure 2\.1: The square again \(p\. (\d+)\)/.exec(pages.join('\n').replace(/\s+/g, ' '))?.[1];
  const page = pages.findIndex((text, index) => index > 3 && text.includes('The square again'));
  assert.equal(listed, pages[page]!.trim().split('\n').at(-1)!.trim(), 'the list says the page of Figure 2.1');
});
