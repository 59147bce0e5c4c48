import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { run, tempDir, writeBook } from './helpers.js';

/** The book.yaml that init wrote, read back. */
const written = (dir: string) =>
  parse(readFileSync(path.join(dir, 'book.yaml'), 'utf8')) as {
    title: string;
    language: string;
    author?: string;
    chapters: string[];
    repository?: { url: string; branch: string };
    check?: { rules: Record<string, string> };
  };

test(
  "init: an mdBook's SUMMARY.md gives the chapters and their order; a file " +
    'it names that is not there is a warning; the first build exits 0',
  (t) => {
    const dir = tempDir(t);
    writeBook(dir, {
      'src/SUMMARY.md':
        '# Summary\n\n[Introduction](README.md)\n\n- [Zebras](zebras.md)\n  - [Stripes](zebras/stripes.md)\n- ' +
        '[Antelopes](antelopes.md)\n- [Missing](missing.md)\n',
      'src/README.md': '# The Field Guide\n\nAn introduction.\n',
      'src/zebras.md': '# Zebras\n\nSee [the antelopes](antelopes.md#nowhere).\n',
      'src/zebras/stripes.md': '# Stripes\n\nBlack and white.\n',
      'src/antelopes.md': '# Antelopes\n\nFast.\n',
      LICENSE: 'MIT License\n\nCopyright (c) 2024 Ada Writer\n\nPermission is hereby granted…\n',
    });
    const result = run(['init', dir]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /warning: the contents name src\/missing\.md, which is not there: it is left out/);
    assert.match(result.stdout, /chapters: 4, from src\/SUMMARY\.md \(mdBook\)/);
    const yaml = written(dir);
    assert.deepEqual(yaml.chapters, ['src/README.md', 'src/zebras.md', 'src/zebras/stripes.md', 'src/antelopes.md']);
    assert.equal(yaml.title, 'The Field Guide');
    assert.equal(yaml.author, 'Ada Writer');
    assert.equal(yaml.language, 'en');
    // The author's broken link is an error: turned down, with a comment that counts it.
    assert.equal(yaml.check?.rules['broken-link'], 'warning');
    assert.match(
      readFileSync(path.join(dir, 'book.yaml'), 'utf8'),
      /broken-link: warning {2}# 1 error in the text as init found it/,
    );
    const build = run([
      'build',
      '--config',
      path.join(dir, 'book.yaml'),
      '--format',
      'html,epub',
      '--out',
      path.join(dir, 'out'),
    ]);
    assert.equal(build.status, 0, build.stderr);
  },
);

test(
  'init: without contents, every Markdown file in natural order, README first, ' +
    'translations and project files left out; the language from the text',
  (t) => {
    const dir = tempDir(t);
    const german =
      'Dieses Kapitel erklärt, wie man die Werkzeuge installiert und wie man ' +
      'mit ihnen arbeitet, bevor das eigentliche Buch beginnt.';
    writeBook(dir, {
      'README.md': `# Das Handbuch\n\n${german}\n`,
      'README-en.md': '# The Handbook\n\nIn English.\n',
      'CONTRIBUTING.md': '# Contributing\n',
      '10-ende.md': `# Ende\n\n${german}\n`,
      '2-mitte.md': `# Mitte\n\n${german}\n`,
      '1-anfang.md': `# Anfang\n\n${german}\n`,
      'de-DE/README.md': '# Übersetzung\n',
    });
    const result = run(['init', dir]);
    assert.equal(result.status, 0, result.stderr);
    const yaml = written(dir);
    assert.deepEqual(yaml.chapters, ['README.md', '1-anfang.md', '2-mitte.md', '10-ende.md']);
    assert.equal(yaml.language, 'de');
    assert.match(result.stdout, /language: de \(from the text \(franc-min\); sure/);
  },
);

test("init: the repository from git's origin and branch, as a web address", (t) => {
  const dir = tempDir(t);
  writeBook(dir, { 'README.md': '# A Book\n\nText of the book, long enough to be read as English by its trigrams.\n' });
  const git = (...args: string[]) => spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  if (git('init', '-q', '-b', 'trunk').status !== 0) return t.skip('git is not installed');
  git('remote', 'add', 'origin', 'git@github.com:someone/a-book.git');
  const result = run(['init', dir]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(written(dir).repository, { url: 'https://github.com/someone/a-book', branch: 'trunk' });
});

test('init: never overwrites a book.yaml, and a folder without Markdown is exit 2', (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'book.yaml'), 'title: Mine\nchapters: [a.md]\n');
  const again = run(['init', dir]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /book\.yaml already exists: init never overwrites it/);
  assert.equal(readFileSync(path.join(dir, 'book.yaml'), 'utf8'), 'title: Mine\nchapters: [a.md]\n');
  const empty = tempDir(t);
  writeFileSync(path.join(empty, 'notes.txt'), 'no Markdown here');
  const none = run(['init', empty]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /holds no Markdown file \(\.md\) to make a book of/);
  const two = run(['init', dir, empty]);
  assert.equal(two.status, 2);
  assert.match(two.stderr, /"book init" takes one folder, not 2/);
});
