import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { findBrowser } from '../scripts/render/pdf/find-browser.js';
import { needs, repo, run, tempDir, writeBook } from './helpers.js';

const chapter = '# A Chapter\n\nSome text.\n';

/** One line per message, starting with path:line:column, and never a stack trace. */
function assertOneClearLine(stderr: string, where: RegExp): void {
  assert.match(stderr, where);
  assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
}

describe('bad book.yaml: exit 2, a positioned message, nothing written', () => {
  const cases: [string, string, RegExp][] = [
    ['an unknown key', 'title: X\nchapters: [a.md]\ncolour: red\n', /^book\.yaml:3:1: error: unknown key "colour"/m],
    ['not YAML', 'title: [X\nchapters: a.md\n', /^book\.yaml:\d+:\d+: error: .*fix the YAML syntax/m],
    ['a wrong type', 'title: X\nchapters: a.md\n', /^book\.yaml:2:11: error: "chapters": .*expected array/m],
    ['a missing title', 'chapters: [a.md]\n', /^book\.yaml:1:1: error: "title" is required/m],
    [
      'a chapter that does not exist',
      'title: X\nchapters: [a.md, gone.md]\n',
      /^book\.yaml:2:18: error: chapter "gone\.md" does not exist/m,
    ],
    [
      'a chapter outside the folder',
      'title: X\nchapters: [../a.md]\n',
      /^book\.yaml:2:12: error: "\.\.\/a\.md" is outside the book's folder/m,
    ],
    [
      'an unknown rule',
      'title: X\nchapters: [a.md]\ncheck: {rules: {no-such-rule: off}}\n',
      /^book\.yaml:3:17: error: unknown key "check\.rules\.no-such-rule"; the keys here are: .*heading-increment/m,
    ],
    [
      'a bad page size',
      'title: X\nchapters: [a.md]\npdf: {size: huge}\n',
      /^book\.yaml:3:13: error: "pdf\.size": expected a page size/m,
    ],
  ];
  for (const [name, yaml, expected] of cases) {
    test(name, (t) => {
      const dir = tempDir(t);
      const config = writeBook(dir, { 'book.yaml': yaml, 'a.md': chapter });
      const result = run(['build', '--config', 'book.yaml', '--format', 'html'], { cwd: dir });
      assert.equal(result.status, 2, result.stderr);
      assertOneClearLine(result.stderr, expected);
      assert.equal(existsSync(path.join(dir, 'dist')), false, 'nothing written');
      const check = run(['check', '--config', config]);
      assert.equal(check.status, 2);
    });
  }

  test('a book.yaml that does not exist', () => {
    const result = run(['check', '--config', 'nowhere/book.yaml']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /nowhere\/book\.yaml: no book\.yaml there/);
  });
});

describe('bad manuscript: exit 1, nothing written', () => {
  test('a missing image, at its line and column, relative to the current folder', (t) => {
    const dir = tempDir(t);
    writeBook(dir, {
      'book.yaml': 'title: X\nchapters: [text/a.md]\n',
      'text/a.md': '# A\n\nSee ![the plan](plan.png) here.\n',
    });
    const result = run(['build', '--config', path.join(dir, 'book.yaml')], { cwd: dir });
    assert.equal(result.status, 1);
    assertOneClearLine(
      result.stderr,
      /^text\/a\.md:3:5: error: image "plan\.png" does not exist.* \[missing-image\]$/m,
    );
    assert.equal(existsSync(path.join(dir, 'dist')), false);
  });

  test('a chapter that is not UTF-8 is an encoding error', (t) => {
    const dir = tempDir(t);
    writeBook(dir, {
      'book.yaml': 'title: X\nchapters: [a.md, b.md]\n',
      'a.md': Buffer.from('# Title\n\nCaf\xe9\n', 'latin1'),
      'b.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    });
    const result = run(['check', '--config', path.join(dir, 'book.yaml'), '--reporter', 'json']);
    assert.equal(result.status, 1);
    const messages = JSON.parse(result.stdout) as { file: string; ruleId: string; line: number }[];
    assert.deepEqual(
      messages.map((m) => `${m.file} ${m.ruleId}@${m.line}`),
      ['a.md encoding@3', 'b.md encoding@3'],
    );
  });

  test('a BOM and CRLF line ends keep positions right', (t) => {
    const dir = tempDir(t);
    writeBook(dir, {
      'book.yaml': 'title: X\nchapters: [a.md]\n',
      'a.md': '\ufeff# A\r\n\r\n### Too deep\r\n\r\nText.\r\n',
    });
    const result = run(['check', '--config', path.join(dir, 'book.yaml'), '--reporter', 'json']);
    const messages = JSON.parse(result.stdout) as { ruleId: string; line: number; column: number }[];
    assert.deepEqual(
      messages.map((m) => `${m.ruleId}@${m.line}:${m.column}`),
      ['heading-increment@3:1'],
    );
  });
});

describe('output folder and usage: exit 2', () => {
  test('an output folder that is a file', (t) => {
    const dir = tempDir(t);
    writeBook(dir, { 'book.yaml': 'title: X\nchapters: [a.md]\n', 'a.md': chapter, dist: 'a file' });
    const result = run(['build', '--config', path.join(dir, 'book.yaml'), '--format', 'html']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /is a file, not a folder/);
  });

  test('a read-only output folder', (t) => {
    if (process.getuid?.() === 0) return t.skip('root can write into read-only folders');
    const dir = tempDir(t);
    writeBook(dir, { 'book.yaml': 'title: X\nchapters: [a.md]\n', 'a.md': chapter, 'out/.keep': '' });
    chmodSync(path.join(dir, 'out'), 0o555);
    const result = run(['build', '--config', path.join(dir, 'book.yaml'), '--out', path.join(dir, 'out')]);
    assert.equal(result.status, 2);
  });

  test('--help and --version answer on stdout with exit 0; a near miss is named', () => {
    const tool = run(['--help']);
    assert.equal(tool.status, 0);
    for (const name of ['build', 'check', 'preview']) assert.match(tool.stdout, new RegExp(`^  ${name} +\\S`, 'm'));
    for (const command of ['build', 'check', 'preview']) {
      for (const flag of ['--help', '-h']) {
        const help = run([command, flag]);
        assert.equal(help.status, 0, `${command} ${flag}`);
        assert.match(help.stdout, new RegExp(`^Usage: book ${command} \\[flags\\]`, 'm'));
        assert.match(help.stdout, /^Example: book /m);
        assert.match(help.stdout, /--config FILE/);
      }
    }
    assert.match(run(['build', '--help']).stdout, /--format LIST +the formats/);
    const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      version: string;
      bin: Record<string, string>;
    };
    assert.equal(run(['--version']).stdout.trim(), `book-pipeline ${manifest.version}`);
    assert.equal(manifest.bin.book, '.build/cli.js');
    assert.match(readFileSync(path.join(repo, '.build', 'cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
    const typo = run(['buld']);
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /unknown command "buld": did you mean "build"\?/);
    const flag = run(['check', '--strcit']);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /Unknown option '--strcit'; did you mean "--strict"\?/);
  });

  test('an unknown flag or format', () => {
    for (const args of [
      ['build', '--bogus'],
      ['build', '--format', 'odt'],
      ['check', '--reporter', 'xml'],
      ['publish'],
    ]) {
      const result = run(args);
      assert.equal(result.status, 2, args.join(' '));
      assertOneClearLine(result.stderr, /./);
    }
  });
});

describe('a PDF that cannot be made: exit 3, the other formats written', () => {
  test('a browser that does not start leaves the last PDF as it was', (t) => {
    if (!needs(t, 'chromium')) return;
    const dir = tempDir(t);
    const config = writeBook(dir, { 'book.yaml': 'title: X\nslug: x\nchapters: [a.md]\n', 'a.md': chapter });
    assert.equal(run(['build', '--config', config, '--quiet']).status, 0);
    const before = readFileSync(path.join(dir, 'dist', 'x.pdf'));
    writeFileSync(path.join(dir, 'a.md'), '# A Chapter\n\nNew text.\n');
    const broken = path.join(dir, 'fake-chrome');
    writeFileSync(broken, '#!/bin/sh\necho "crashed" >&2\nexit 1\n', { mode: 0o755 });
    const result = run(['build', '--config', config, '--quiet'], { env: { PUPPETEER_EXECUTABLE_PATH: broken } });
    assert.equal(result.status, 3, result.stderr);
    assert.match(
      result.stderr,
      /^pdf failed: the browser .*fake-chrome .*did not start.*previous output was left as it was$/m,
    );
    assert.deepEqual(readFileSync(path.join(dir, 'dist', 'x.pdf')), before);
    assert.match(readFileSync(path.join(dir, 'dist', 'html', 'a.html'), 'utf8'), /New text/);
    assert.ok(existsSync(path.join(dir, 'dist', 'x.epub')));
    assert.deepEqual(
      readdirSync(path.join(dir, 'dist')).sort(),
      ['.cache', 'html', 'x.epub', 'x.pdf'],
      'no staging leftovers',
    );
    // BOOK_DEBUG=1 prints the failure whole: its stack, for a report.
    const debug = run(['build', '--config', config, '--format', 'pdf', '--quiet'], {
      env: { PUPPETEER_EXECUTABLE_PATH: broken, BOOK_DEBUG: '1' },
    });
    assert.equal(debug.status, 3);
    assert.match(debug.stderr, /^PdfError: the browser .*did not start.*\n\s+at /m);
  });

  test('no browser anywhere names the fix', () => {
    const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
    delete process.env.PUPPETEER_EXECUTABLE_PATH;
    try {
      const found = findBrowser(undefined, () => undefined, []);
      assert.equal(typeof found, 'string');
      assert.match(found as string, /no Chrome or Chromium found.*apt-get install chromium.*PUPPETEER_EXECUTABLE_PATH/);
      assert.match(
        findBrowser('/nope/chrome', () => undefined, []) as string,
        /pdf\.browser names "\/nope\/chrome", which does not exist/,
      );
    } finally {
      if (saved !== undefined) process.env.PUPPETEER_EXECUTABLE_PATH = saved;
    }
  });
});
