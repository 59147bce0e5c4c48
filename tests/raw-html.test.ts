import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { epubcheck, needs, readEpub, run, tempDir, writeBook } from './helpers.js';

/** A book of the given chapters, built as site and EPUB; its EPUB checked by EPUBCheck. */
async function build(t: Parameters<typeof tempDir>[0], chapters: Record<string, string | Uint8Array>, yaml = '') {
  const dir = tempDir(t);
  const names = Object.keys(chapters);
  const config = writeBook(dir, {
    'book.yaml': `title: Raw\nslug: raw\nchapters: [${names.join(', ')}]\n${yaml}`,
    ...chapters,
  });
  const out = path.join(dir, 'out');
  const result = run(['build', '--config', config, '--format', 'html,epub', '--out', out, '--verbose']);
  assert.equal(result.status, 0, result.stderr.slice(-3000));
  const epub = await readEpub(path.join(out, 'raw.epub'));
  const xhtml = async (name: string): Promise<string> => epub.text(`OEBPS/${name.replace(/\.md$/, '.xhtml')}`);
  const html = (name: string): string => readFileSync(path.join(out, 'html', name.replace(/\.md$/, '.html')), 'utf8');
  const nav = await epub.text('OEBPS/toc.xhtml');
  if (needs(t, 'epubcheck')) {
    const check = epubcheck(path.join(out, 'raw.epub'));
    assert.deepEqual([check.fatal, check.errors], [0, 0], check.messages.slice(0, 20).join('\n'));
  }
  return { stderr: result.stderr, xhtml, html, nav };
}

describe('raw HTML that would take in what follows, or that HTML cannot have where it stands', () => {
  test('each class: repaired in every output, said at its place, EPUBCheck clean', async (t) => {
    const fixtures: Record<string, { markdown: string | Uint8Array; output: RegExp; message?: RegExp }> = {
      'swallow.md': {
        markdown:
          '# Swallow\n\n<textarea>\nnever closed\n\n## Still a heading\n\n<select><option>one\n\n## Another heading\n',
        output: new RegExp(
          String.raw`<textarea>never closed<\/textarea>\s*<h2 id="still-a-heading` +
            String.raw`">Still a heading<\/h2>[\s\S]*<h2 id="another-heading">`,
        ),
        message: new RegExp(
          String.raw`swallow\.md:3:1: warning: <textarea> is never closed, and wo` +
            String.raw`uld take in the rest of the chapter: every output closes it ` +
            String.raw`at the end of its HTML block \(line 4\); write <\/textarea> ` +
            String.raw`there \[unclosed-html\]`,
        ),
      },
      'comment.md': {
        markdown: '# Comment\n\n<!-- a note never closed\n\n## After the comment\n\nWords after.\n',
        output: /<h2 id="after-the-comment">After the comment<\/h2>\s*<p>Words after\.<\/p>/,
        message: new RegExp(
          String.raw`comment\.md:3:1: warning: this HTML block is never closed, .` +
            String.raw`* at its first blank line \(line 4\); write --> there \[uncl` +
            String.raw`osed-html\]`,
        ),
      },
      'lift.md': {
        // An <address> holds blocks, so it is not closed at its block's end; a heading may not stand in it.
        markdown: '# Lift\n\n<address>Never closed\n\n## Heading after\n\nMore.\n',
        output: new RegExp(
          String.raw`<address>Never closed\s*<\/address>\s*<h2 id="heading-after"` +
            String.raw`>Heading after<\/h2>\s*<address>\s*<p>More\.<\/p>`,
        ),
        message: new RegExp(
          String.raw`lift\.md:5:1: warning: a heading may not stand inside <addre` +
            String.raw`ss>, .* so every output ends the <address> before the headin` +
            String.raw`g and opens it again after`,
        ),
      },
      'ids.md': {
        markdown: '# Ids\n\n<a id="same"></a>One.\n\n<div id="same">Two.</div>\n\n<b id="copy"><p>Misnested.</p></b>\n',
        output: /<a id="same"\s*\/?>(<\/a>)?One\.[\s\S]*<div>Two\.<\/div>/,
        message: new RegExp(
          String.raw`ids\.md:5:1: warning: the id "same" is also written at ids\.m` +
            String.raw`d:3:1: every output keeps that one and leaves this one off.*` +
            String.raw` \[duplicate-id\]`,
        ),
      },
      'svg.md': {
        markdown: '# Svg\n\n<div><svg width="4" height="4">alpha<rect width="4" height="4"/></svg></div>\n',
        output: /<\/svg> alpha<\/div>/,
        message: new RegExp(
          String.raw`svg\.md:3:6: warning: text directly in <svg> \("alpha"\) is ` +
            String.raw`not shown by a browser, and EPUB forbids it: every output pu` +
            String.raw`ts it after the <svg>`,
        ),
      },
      'select.md': {
        markdown: '# Select\n\nABC<select>DE</select>\n',
        output: /<select><option>DE<\/option><\/select>/,
        message: new RegExp(
          String.raw`select\.md:3:12: warning: text "DE" stands inside <select>, ` +
            String.raw`which holds only elements; every output puts it in <option>`,
        ),
      },
      'math.md': {
        markdown: '# Math\n\n<math xmlns:xlink="not a namespace"><mi>x</mi></math>\n',
        output: /<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"><mi>x<\/mi><\/math>/,
      },
      'required.md': {
        markdown:
          '# Required\n\n<p><img alt="A chart"> and more.</p>\n\n<details><p>No summary.</p></details>\n\n' +
          '<select><optgroup><option>One</option></optgroup></select>\n',
        output: /<p>A chart and more\.<\/p>\s*<p>No summary\.<\/p>\s*<p><select><option>One<\/option><\/select><\/p>/,
        message: new RegExp(
          String.raw`required\.md:3:4: warning: <img> has no src, so every output` +
            String.raw` shows its alt text instead; add src="…"[\s\S]*required\.md:` +
            String.raw`5:1: warning: <details> must hold <summary>, so every output` +
            String.raw` keeps its content without the <details> tag[\s\S]*required\.m` +
            String.raw`d:7:9: warning: <optgroup> must have label`,
        ),
      },
      'foreign.md': {
        markdown:
          '# Foreign\n\n<div><math><source>alpha</source><mi>x</mi></math></div>\n\n<div><svg ' +
          'width="4" height="4"><title><b>Bold</b> title</title></svg></div>\n\n<div><picture>Only ' +
          'words</picture></div>\n',
        output: /<mi>x<\/mi><\/math> alpha<\/div>[\s\S]*<title>Bold title<\/title>[\s\S]*<div>Only words<\/div>/,
        message: new RegExp(
          String.raw`foreign\.md:3:12: warning: <source> is not a MathML element,` +
            String.raw` so every output keeps its content without the tag`,
        ),
      },
      'table.md': {
        // A table left open moves what follows before itself (foster parenting): it is closed at its block's end.
        markdown: '# Table\n\n<table><tr><td>Cell</td></tr>\n\n## After the table\n\nText after.\n',
        output: new RegExp(
          String.raw`<td>Cell<\/td><\/tr><\/tbody><\/table>\s*<h2 id="after-the-t` +
            String.raw`able">After the table<\/h2>\s*<p>Text after\.<\/p>`,
        ),
        message: new RegExp(
          String.raw`table\.md:3:1: warning: <table> is never closed, and would m` +
            String.raw`ove the rest of the chapter before it: every output closes i` +
            String.raw`t at the end of its HTML block \(line 3\); write <\/table> t` +
            String.raw`here \[unclosed-html\]`,
        ),
      },
      'split.md': {
        // HTML blocks with no Markdown between them are read together: a table or list whose rows stand in blocks of
        // their own stays one.
        markdown:
          '# Split\n\n<table>\n\n<tr><td>One</td></tr>\n\n</table>\n\n<ul>\n\n<li>Two</li>\n\n</ul>\n\n## ' +
          'After the split\n',
        output: new RegExp(
          String.raw`<table>\s*<tbody><tr><td>One<\/td><\/tr>\s*<\/tbody><\/table` +
            String.raw`>\s*<ul>\s*<li>Two<\/li>\s*<\/ul>\s*<h2 id="after-the-split"` +
            String.raw`>`,
        ),
      },
      'linked-heading.md': {
        markdown: '# Linked\n\n<a href="https://example.com/">\n<h2 id="inside-a-link">Inside a link</h2>\n</a>\n',
        output: /<a href="https:\/\/example\.com\/">\s*<h2 id="inside-a-link">Inside a link<\/h2>\s*<\/a>/,
      },
      'button.md': {
        // An element that holds no blocks (a <button>, a <span>) would make the rest of the chapter its phrasing
        // content.
        markdown: '# Button\n\n<span><button>Press</span> here\n\n## After the button\n\nText after.\n',
        output: new RegExp(
          String.raw`<button>Press here<\/button><\/span><\/p>\s*<h2 id="after-th` +
            String.raw`e-button">After the button<\/h2>\s*<p>Text after\.<\/p>`,
        ),
        message: new RegExp(
          String.raw`button\.md:3:1: warning: <span> is never closed, and would t` +
            String.raw`ake in the rest of the chapter: every output closes it at th` +
            String.raw`e end of its HTML block \(line 3\); write <\/button><\/span>` +
            String.raw` there \[unclosed-html\]`,
        ),
      },
      'order.md': {
        markdown: '# Order\n\n<dl><dd>Only a description</dd></dl>\n\n<p><ruby>漢字</ruby> without a reading.</p>\n',
        output: /<h1 id="order">Order<\/h1>\s*Only a description\s*<p>漢字 without a reading\.<\/p>/,
        message: new RegExp(
          String.raw`order\.md:3:1: warning: <dl> must hold groups of <dt> follow` +
            String.raw`ed by <dd>, so every output keeps its content without the <d` +
            String.raw`l> tag; put a <dt> before each first <dd>[\s\S]*order\.md:5:` +
            String.raw`4: warning: <ruby> must hold its text followed by <rt>`,
        ),
      },
      'epub-html.md': {
        // Where EPUB's schema (HTML 5.0) is stricter than today's HTML: no <hr> in a <select>, no <a> at all in a
        // <button>, no <search>.
        markdown:
          '# Epub\n\n<select><hr><option>One</option></select>\n\n<button><a>Link ' +
          'text</a></button>\n\n<search>Find words</search>\n',
        output: /<select><option>One<\/option><\/select>[\s\S]*<button>Link text<\/button>[\s\S]*Find words/,
        message: new RegExp(
          String.raw`epub-html\.md:3:9: warning: <hr> is not allowed inside <sele` +
            String.raw`ct>[\s\S]*epub-html\.md:5:9: warning: <a> is not allowed ins` +
            String.raw`ide <button>[\s\S]*epub-html\.md:7:1: warning: <search> is n` +
            String.raw`ot an HTML element`,
        ),
      },
      'svg-model.md': {
        markdown:
          '# Svg model\n\n<div><svg width="4" height="4" zoomAndPan="x"><feTile/><path/><rect ' +
          'width="4" height="4"/><g xlink:href="#a"><text>Words</text></g></svg></div>\n',
        output: new RegExp(
          String.raw`<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="4" heig` +
            String.raw`ht="4"><rect width="4" height="4"\s*\/><g><text>Words<\/text` +
            String.raw`><\/g><\/svg>`,
        ),
        message: new RegExp(
          String.raw`svg-model\.md:3:6: warning: zoomAndPan="x" is not one of the` +
            String.raw` values SVG gives it[\s\S]*svg-model\.md:3:47: warning: <feT` +
            String.raw`ile> may not stand inside <svg> in SVG, so every output leav` +
            String.raw`es it out[\s\S]*svg-model\.md:3:56: warning: <path> must hav` +
            String.raw`e d in SVG[\s\S]*xlink:href is not an attribute of <g> in SV` +
            String.raw`G`,
        ),
      },
      'math-model.md': {
        markdown:
          '# Math model\n\n<div><math><annotation-xml encoding="x">a</annotation-xml><mi ' +
          'definitionURL="u" xml:lang="en">x</mi><math><mi>y</mi></math></math></div>\n',
        output: /<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"><mi>x<\/mi><mi>y<\/mi><\/math> a<\/div>/,
        message: new RegExp(
          String.raw`<annotation-xml> stands in MathML only inside a <semantics>[` +
            String.raw`\s\S]*definitionURL is not an attribute of <mi> in MathML[\s\S]` +
            String.raw`*<math> may not stand inside another <math>`,
        ),
      },
      'nul.md': {
        // CommonMark reads a NUL character as U+FFFD (its section 2.3): the file is text all the same.
        markdown: Buffer.from('# Nul\n\nA \0 in text.\n'),
        output: /<p>A \uFFFD in text\.<\/p>/,
      },
    };
    const { stderr, xhtml, html } = await build(
      t,
      Object.fromEntries(Object.entries(fixtures).map(([name, f]) => [name, f.markdown])),
    );
    // The site's link to a section is not put in a heading that stands inside a link: links do not nest.
    assert.match(html('linked-heading.md'), /<h2 id="inside-a-link">Inside a link<\/h2>/);
    for (const [name, fixture] of Object.entries(fixtures)) {
      assert.match(await xhtml(name), fixture.output, name);
      if (fixture.message) assert.match(stderr, fixture.message, name);
    }
    assert.doesNotMatch(stderr, /split\.md:.*\[unclosed-html\]/);
    // The parser's copy of the misnested <b> carries the id the author wrote once: nothing to say.
    assert.doesNotMatch(stderr, /the id "copy"/);
  });

  test(
    "html5lib's tree-construction inputs as raw HTML: exit 0, EPUBCheck clean, " + 'every heading navigable, no script',
    async (t) => {
      const source = readFileSync(path.join(import.meta.dirname, 'fixtures', 'html5lib', 'cases.txt'), 'utf8');
      const cases = source.split('\n').filter((line) => line && !line.startsWith('# '));
      const chapter = cases.map((input, i) => `## Case ${i + 1}\n\n${input}\n\nAfter case ${i + 1}.\n`).join('\n');
      const { xhtml, html, nav } = await build(t, { 'cases.md': `# Parser edge cases\n\n${chapter}` });
      const page = await xhtml('cases.md');
      for (let i = 1; i <= cases.length; i++) {
        // An element left open before it (a <b>) may go on inside the heading, as the HTML parser has it.
        assert.match(page, new RegExp(`<h2 id="case-${i}">(<[^>]+>)*Case ${i}<`), `case ${i}: its heading`);
        assert.match(nav, new RegExp(`href="cases\\.xhtml#case-${i}"`), `case ${i}: in the navigation`);
        assert.ok(page.includes(`After case ${i}.`), `case ${i}: the text after it`);
      }
      assert.doesNotMatch(page, /<(script|iframe|style|object|embed)\b/);
      assert.deepEqual(html('cases.md').match(/<script\b[^>]*>/g), ['<script src="toc.js">', '<script src="site.js">']);
    },
  );
});
