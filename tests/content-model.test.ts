import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { epubcheck, needs, repo, run, tempDir, writeBook } from './helpers.js';

/** Raw HTML that is invalid where it stands, one class a line; each is repaired and reported. */
const chapter = [
  '# A', // 1
  '',
  '<figure><img src="x.png" alt="x"><figcaption>Cap</figcaption><br></figure>', // 3: <br> after the caption
  '',
  '<button><a href="#a">in button</a></button>', // 5: a link inside a button
  '',
  '<ul>loose text<li>item</li></ul>', // 7: text where only elements may stand
  '',
  '<li>stray item</li>', // 9: a list item outside a list
  '',
  '<a href="https://example.org" alt="logo">Home</a>', // 11: an attribute <a> does not have
  '',
  '<div><span><div>block in a span</div></span></div>', // 13: a block inside phrasing content
  '',
  'Done.',
  '',
  // 17: xlink with no namespace bound
  '<svg width="10" height="10"><rect id="r" width="5" height="5"/><use xlink:href="#r"/></svg>',
  '',
  '<p xlink:href="#r">namespaced</p>', // 19: an SVG attribute on an HTML element
  '',
].join('\n');

describe("raw HTML and HTML's content model", () => {
  test('each invalid construct is repaired, keeping every word, and reported at its line', (t) => {
    const dir = tempDir(t);
    const config = writeBook(dir, {
      'book.yaml': 'title: Model\nslug: model\nchapters: [a.md]\n',
      'a.md': chapter,
      'x.png': readFileSync(path.join(repo, 'tests/fixtures/sampler/cover.png')),
    });
    const out = path.join(dir, 'out');
    const result = run(['build', '--config', config, '--format', 'html,epub', '--out', out, '--verbose']);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stderr
      .split('\n')
      .filter((line) => line.includes('[raw-html]'))
      .map((line) => line.replace(/^.*a\.md:/, ''));
    assert.deepEqual(
      lines.map((line) => line.split(': warning')[0]),
      ['3:62', '5:9', '7:5', '9:1', '11:1', '13:12', '19:1'],
    );
    assert.match(lines[0]!, /<br> is out of the order that <figure> permits/);
    assert.match(lines[1]!, /<a> is not allowed inside <button> by HTML's content model/);
    assert.match(
      lines[2]!,
      /text "loose text" stands inside <ul>, which holds only elements; every output puts it in <li>/,
    );
    assert.match(lines[4]!, /alt="logo" is not an attribute of <a>/);
    assert.match(lines[6]!, /xlink:href="#r" is not an attribute of <p>/);
    const page = readFileSync(path.join(out, 'html', 'a.html'), 'utf8');
    // An author's figure with a caption is numbered (book/figures.ts).
    assert.match(
      page,
      /<figure><img src="images\/x\.png" alt="x"><figcaption><span class="figure-number">Figure 1\.1<\/span>: Cap</,
    );
    assert.match(page, /<button>in button<\/button>/);
    assert.match(page, /<ul><li>loose text<\/li><li>item<\/li><\/ul>/);
    assert.match(page, /<a href="https:\/\/example\.org">Home<\/a>/);
    assert.match(page, /<div><span>block in a span<\/span><\/div>/);
    assert.match(page, /stray item/);
    if (!needs(t, 'epubcheck')) return;
    const verdict = epubcheck(path.join(out, 'model.epub'));
    assert.deepEqual([verdict.fatal, verdict.errors, verdict.warnings], [0, 0, 0], verdict.messages.join('\n'));
  });

  test(
    'an element whose content is read as text and that is never closed is closed ' +
      'at the end of its paragraph, with a warning that says how to close it',
    (t) => {
      for (const tag of ['textarea', 'noscript', 'style', 'script', 'plaintext']) {
        const dir = tempDir(t);
        const config = writeBook(dir, {
          'book.yaml': 'title: Open\nchapters: [a.md]\n',
          'a.md': `# A\n\nSome <${tag}> here.\n\n## Later\n\nText.\n`,
        });
        const out = path.join(dir, 'out');
        const result = run(['build', '--config', config, '--format', 'html', '--out', out]);
        assert.equal(result.status, 0, tag);
        assert.match(
          result.stderr,
          new RegExp(
            `a\\.md:3:6: warning: <${tag}> is never closed.*write (</${tag}>|<pre> ` +
              `instead of <plaintext>, and </pre>) there \\[unclosed-html\\]`,
          ),
          tag,
        );
        const page = readFileSync(path.join(out, 'html', 'a.html'), 'utf8');
        assert.match(page, /<h2 id="later">Later/, tag);
        assert.match(page, /<p>Text\.<\/p>/, tag);
      }
    },
  );
});
