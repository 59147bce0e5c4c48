import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { readEpub, run, tempDir, writeBook } from './helpers.js';

/** A book whose chapters link to the rest of their repository, as books on GitHub do. */
function repositoryBook(t: Parameters<typeof tempDir>[0], yaml: string) {
  const dir = tempDir(t);
  const config = writeBook(dir, {
    'book.yaml': `title: Links\nslug: links\nchapters: [README.md, lessons/one/README.md]\n${yaml}`,
    'README.md':
      '# Links\n\nSee [the code](src/main.py#L3), [the sources](src/), [the licence](/LICENSE), ' +
      ('[lesson one](lessons/one/), [its start](/lessons/one/README.md#start) ' +
        'and [a translation](translations/README-fa.md).\n'),
    'lessons/one/README.md': '# Lesson one\n\n## Start\n\nBack [home](../../) or to [the code](../../src/main.py).\n',
    'src/main.py': 'print(1)\n',
    LICENSE: 'MIT\n',
    'translations/README-fa.md': '# کتاب\n',
  });
  return { dir, config, out: path.join(dir, 'out') };
}

/** The site's chapter page that holds a text (the pages' names are the site's business). */
function chapterPage(folder: string, text: string): string {
  const pages = readdirSync(folder).filter(
    (name) => name.endsWith('.html') && name !== 'book.html' && name !== 'index.html',
  );
  const found = pages.map((name) => readFileSync(path.join(folder, name), 'utf8')).find((html) => html.includes(text));
  assert.ok(found, `a page with "${text}"`);
  return found;
}

describe('links to the rest of the repository', () => {
  test(
    'with repository: files and folders link to the repository on the web; ' + 'folders with a chapter go to it',
    async (t) => {
      const book = repositoryBook(t, 'repository: {url: "https://example.org/owner/book/", branch: dev}\n');
      const result = run(['build', '--config', book.config, '--format', 'html,epub', '--out', book.out]);
      assert.equal(result.status, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /non-chapter-link|broken-link/);
      const first = chapterPage(path.join(book.out, 'html'), 'See ');
      for (const html of [first]) {
        assert.match(html, /href="https:\/\/example\.org\/owner\/book\/blob\/dev\/src\/main\.py#L3"/);
        assert.match(html, /href="https:\/\/example\.org\/owner\/book\/tree\/dev\/src"/);
        assert.match(html, /href="https:\/\/example\.org\/owner\/book\/blob\/dev\/LICENSE"/);
        assert.match(html, /href="https:\/\/example\.org\/owner\/book\/blob\/dev\/translations\/README-fa\.md"/);
      }
      // A folder whose README is a chapter, and a root-relative link to a heading: the chapter itself.
      assert.match(first, /<a href="[^":]+\.html">lesson one<\/a>/);
      assert.match(first, /<a href="[^":]+\.html#start">its start<\/a>/);
      const epub = await readEpub(path.join(book.out, 'links.epub'));
      const xhtml = await epub.text(epub.names.find((name) => name.endsWith('README.xhtml'))!);
      assert.match(xhtml, /href="https:\/\/example\.org\/owner\/book\/blob\/dev\/src\/main\.py#L3"/);
      assert.match(xhtml, /href="[^":]+\.xhtml#start"/);
    },
  );

  test('without repository: the link becomes its text, with a warning that says to set it', (t) => {
    const book = repositoryBook(t, '');
    const result = run(['build', '--config', book.config, '--format', 'html', '--out', book.out, '--verbose']);
    assert.equal(result.status, 0, result.stderr);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('[non-chapter-link]'));
    assert.deepEqual(
      warnings.map((line) => line.split(': warning')[0]),
      ['README.md:3:5', 'README.md:3:33', 'README.md:3:54', 'README.md:3:153', 'lessons/one/README.md:5:27'].map(
        (place) => path.relative(process.cwd(), path.join(book.dir, place)),
      ),
    );
    assert.match(warnings[0]!, /set book\.yaml's repository/);
    const first = chapterPage(path.join(book.out, 'html'), 'See ');
    assert.match(first, /See the code, the sources, the licence, <a href="[^":]+\.html">lesson one<\/a>/);
  });

  test('a link to a file that does not exist stays an error, root-relative or not', (t) => {
    const dir = tempDir(t);
    const config = writeBook(dir, {
      'book.yaml': 'title: Links\nchapters: [a.md]\nrepository: {url: "https://example.org/o/b"}\n',
      'a.md': '# A\n\n[gone](/gone.md) and [also gone](src/gone.py)\n',
    });
    const result = run(['check', '--config', config]);
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      new RegExp(
        String.raw`a\.md:3:1: error: link "\/gone\.md" points at "\/gone\.md", ` +
          String.raw`which does not exist; fix the path \(it is relative to the b` +
          String.raw`ook's folder\) \[broken-link\]`,
      ),
    );
    assert.match(result.stdout, /a\.md:3:22: error: .*\[broken-link\]/);
  });

  test("a folder's chapter without the heading named, and a link quoted as its author wrote it", (t) => {
    const dir = tempDir(t);
    const config = writeBook(dir, {
      'book.yaml': 'title: Links\nchapters: [a.md, part/ReadMe.md]\n',
      'a.md': '# A\n\n[the part](part/#nope) and [the code](src/章.py)\n',
      'part/ReadMe.md': '# Part\n\n## Known\n',
      'src/章.py': 'print(1)\n',
    });
    const result = run(['check', '--config', config]);
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      new RegExp(
        String.raw`a\.md:3:1: error: link "part\/#nope": "part\/" has no headin` +
          String.raw`g or id "nope"; .* such as "#known"\) \[broken-link\]`,
      ),
    );
    assert.match(result.stdout, /a\.md:3:28: warning: link "src\/章\.py" goes to a file of the book's folder/);
  });
});

describe('links around images', () => {
  test(
    "a README's badge (a remote image inside a link) is one link, and a link " + 'with no text is named by its address',
    async (t) => {
      const dir = tempDir(t);
      const config = writeBook(dir, {
        'book.yaml': 'title: Badges\nslug: badges\nchapters: [a.md]\n',
        'a.md':
          '# Badges\n\n[![CI](https://example.org/ci/badge.svg)](https://example.org/ci)\n\n' +
          '<a href="https://example.org/buy"><img src="cover.png"></a>\n',
        'cover.png': Buffer.from(
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
          'base64',
        ),
      });
      const out = path.join(dir, 'out');
      const result = run(['build', '--config', config, '--format', 'html,epub', '--out', out]);
      assert.equal(result.status, 0, result.stderr);
      const page = chapterPage(path.join(out, 'html'), 'example.org/buy');
      assert.match(page, /<a href="https:\/\/example\.org\/ci"><span class="remote-image">CI<\/span><\/a>/);
      assert.match(
        page,
        new RegExp(
          String.raw`<a href="https:\/\/example\.org\/buy" aria-label="example\.o` +
            String.raw`rg\/buy"><img src="images\/cover\.png" alt=""><\/a>`,
        ),
      );
      const epub = await readEpub(path.join(out, 'badges.epub'));
      const xhtml = await epub.text(epub.names.find((name) => name.endsWith('a.xhtml'))!);
      assert.doesNotMatch(xhtml, /<a [^>]*>[^<]*<a /);
    },
  );
});

describe('anchors written in raw HTML', () => {
  test('<a name="…"> is a target for "#…" links, as on GitHub, and becomes an id', (t) => {
    const dir = tempDir(t);
    const config = writeBook(dir, {
      'book.yaml': 'title: Anchors\nslug: anchors\nchapters: [a.md, b.md]\n',
      'a.md': '# A\n\n- [Tools](#tools-toc) and [there](b.md#far)\n\n<a name="tools-toc"></a>\n\n## Tools\n',
      'b.md': '# B\n\n<a name="far">Far</a> away.\n',
    });
    const out = path.join(dir, 'out');
    const result = run(['build', '--config', config, '--format', 'html', '--out', out]);
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /broken-link|raw-html/);
    const page = chapterPage(path.join(out, 'html'), 'Tools</a> and');
    assert.match(page, /<a href="#tools-toc">Tools<\/a> and <a href="[^"]+\.html#far">there<\/a>/);
    assert.match(page, /<a id="tools-toc"><\/a>/);
  });
});
