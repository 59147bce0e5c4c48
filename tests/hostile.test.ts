import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { epubcheck, needs, readEpub, repo, run, tempDir, writeBook } from './helpers.js';

/**
 * Hostile input: each case must end with its documented exit code and message, no stack trace,
 * nothing written outside --out, nothing read from outside the book, no half-written output.
 */
const noStack = (text: string): void =>
  assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+\)?\n|internal error/, 'no stack trace');

/** Every file under a folder, with its size and time: to prove nothing else was written. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      const info = statSync(file);
      return `${path.relative(dir, file)} ${info.size} ${info.mtimeMs}`;
    })
    .sort();
}

function book(
  t: Parameters<typeof tempDir>[0],
  chapter: string | Uint8Array,
  extra: Record<string, string | Uint8Array> = {},
  yaml = '',
) {
  const dir = tempDir(t);
  const config = writeBook(dir, {
    'book.yaml': `title: Hostile\nslug: h\nchapters: [a.md]\n${yaml}`,
    'a.md': chapter,
    ...extra,
  });
  return { dir, config, out: path.join(dir, 'out') };
}

describe('hostile chapters', () => {
  test('an empty chapter builds, with a single-h1 error', (t) => {
    const b = book(t, '');
    const result = run(['build', '--config', b.config, '--format', 'html', '--out', b.out]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /a\.md:1:1: error: .*\[single-h1\]/);
    noStack(result.stderr);
  });

  test('a chapter that is a folder is a book.yaml error', (t) => {
    const b = book(t, '# A\n');
    mkdirSync(path.join(b.dir, 'folder.md'));
    writeFileSync(b.config, 'title: Hostile\nchapters: [folder.md]\n');
    const result = run(['build', '--config', b.config, '--out', b.out]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /book\.yaml:2:\d+: error: chapter "folder\.md" is not a file/);
  });

  test(
    'a chapter the parser cannot finish in time: its parse is stopped at the ' +
      'deadline, one error at its slowest place, exit 1, nothing written',
    (t) => {
      const dir = tempDir(t);
      // The reference's "nested strong emph" case: parsed in linear time, but in more than 0.2 s.
      const slow = `${'*a **a '.repeat(20000)}b${' a** a*'.repeat(20000)}`;
      const config = writeBook(dir, {
        // The slow chapter first: the parser's first chapter also pays for warming it up, which a
        // one-line chapter might not do in 0.2 s on a busy machine.
        'book.yaml': 'title: Slow\nchapters: [b.md, a.md]\ncheck:\n  parse-timeout: 0.2\n',
        'a.md': '# A\n\nFine.\n',
        'b.md': `# B\n\nText.\n\n${slow}\n`,
      });
      const out = path.join(dir, 'out');
      const started = Date.now();
      const result = run(['build', '--config', config, '--out', out]);
      assert.equal(result.status, 1, result.stderr);
      noStack(result.stderr);
      assert.match(
        result.stderr,
        new RegExp(
          String.raw`b\.md:5:1: error: the parser did not finish this chapter wit` +
            String.raw`hin 0.2 s; it is slowest here, on 120,000 emphasis delimiter` +
            String.raw`s \(\* and _\) in a paragraph of 280,002 characters: .* \[pa` +
            String.raw`rse-time\]`,
        ),
      );
      assert.equal(result.stderr.match(/error:/g)?.length, 1, 'one error');
      assert.ok(Date.now() - started < 30_000, 'stopped near its deadline');
      assert.throws(() => statSync(out), 'nothing written');
    },
  );

  test('a 10 MB paragraph and 10,000 headings build', (t) => {
    const words = 'lorem ipsum dolor sit amet '.repeat(400_000).trim();
    const headings = Array.from({ length: 10_000 }, (_, i) => `## Section ${i}\n\nText ${i}.\n`).join('\n');
    const b = book(t, `# Big\n\n${words}\n\n${headings}`, {}, 'check: {rules: {duplicate-heading: off}}\n');
    const result = run(['build', '--config', b.config, '--format', 'html,epub', '--out', b.out, '--quiet']);
    assert.equal(result.status, 0, result.stderr.slice(0, 2000));
    assert.ok(statSync(path.join(b.out, 'html', 'a.html')).size > 10_000_000);
  });

  for (const [kind, open] of [
    ['lists', '- '],
    ['blockquotes', '> '],
  ] as const) {
    test(`${kind} nested 1,000 deep: a nesting-depth warning, quickly, and every item's words in the outputs`, (t) => {
      const deep = Array.from(
        { length: 1000 },
        (_, i) => `${'  '.repeat(kind === 'lists' ? i : 0)}${kind === 'lists' ? open : open.repeat(i + 1)}item ${i}`,
      ).join('\n');
      const b = book(t, `# Deep\n\n${deep}\n`);
      const started = Date.now();
      const result = run(['check', '--config', b.config, '--reporter', 'json']);
      assert.ok(Date.now() - started < 20_000, 'no hang');
      assert.equal(result.status, 0, result.stderr);
      const messages = JSON.parse(result.stdout) as { ruleId: string; line: number; column: number }[];
      const deepest = messages.find((m) => m.ruleId === 'nesting-depth');
      assert.ok(deepest, JSON.stringify(messages.slice(0, 3)));
      assert.equal(deepest.line, 3 + 64);
      const built = run(['build', '--config', b.config, '--format', 'html,epub', '--out', b.out]);
      assert.equal(built.status, 0, built.stderr);
      const html = readFileSync(path.join(b.out, 'html', 'a.html'), 'utf8');
      for (const i of [0, 63, 64, 500, 999]) assert.match(html, new RegExp(`item ${i}\\b`));
      assert.equal(html.match(kind === 'lists' ? /<li>/g : /<blockquote>/g)?.length, 64);
    });
  }

  test('script, event handlers, unclosed HTML and an SVG with a script never reach the outputs', (t) => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">' +
      '<script>alert(2)</script><rect ' +
      'width="10" height="10"/></svg>';
    const chapter =
      '# Raw\n\n<div><p onclick="steal()">Text <img src="x.svg" alt="x" onerror="alert(3)"></p>\n\n' +
      '<script>alert(4)</script>\n\n<a ' +
      'href="javascript:alert(5)">link</a>\n\n<span>unclosed\n';
    const b = book(t, chapter, { 'x.svg': svg });
    const result = run(['build', '--config', b.config, '--format', 'html,epub', '--out', b.out]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /\[raw-html\]/);
    noStack(result.stderr);
    const outputs = [
      readFileSync(path.join(b.out, 'html', 'a.html'), 'utf8'),
      readFileSync(path.join(b.out, 'html', 'images', 'x.svg'), 'utf8'),
    ];
    for (const text of outputs) assert.doesNotMatch(text, /alert\(|onclick|onerror|onload|javascript:/);
  });

  test('images and links outside the book are never read or embedded', (t) => {
    const b = book(
      t,
      '# A\n\n![p](../../../../etc/passwd) ![h](/etc/hostname) <img src="file:///etc/passwd" ' +
        'alt="f"> [l](../outside.md)\n',
      {},
      'check: {rules: {unsafe-path: off, broken-link: off, missing-image: off}}\n',
    );
    writeFileSync(path.join(path.dirname(b.dir), 'outside.md'), '# secret\n');
    const result = run(['build', '--config', b.config, '--format', 'html,epub', '--out', b.out, '--quiet']);
    assert.equal(result.status, 0, result.stderr);
    const html = readFileSync(path.join(b.out, 'html', 'a.html'), 'utf8');
    assert.doesNotMatch(html, /root:|passwd"|src="\/etc|file:/);
    assert.deepEqual(
      readdirSync(path.join(b.out, 'html')).filter((n) => n === 'images'),
      [],
    );
  });

  test('a remote image needs no network: alt text and link, and a warning', (t) => {
    const b = book(t, '# A\n\n![A remote chart](https://example.invalid/chart.png)\n');
    const started = Date.now();
    const result = run(['build', '--config', b.config, '--format', 'html,epub', '--out', b.out]);
    assert.ok(Date.now() - started < 15_000);
    assert.equal(result.status, 0);
    assert.match(result.stderr, /\[remote-resource\]/);
    assert.match(
      readFileSync(path.join(b.out, 'html', 'a.html'), 'utf8'),
      /<a href="https:\/\/example\.invalid\/chart\.png" class="remote-image">A remote chart<\/a>/,
    );
  });

  test('duplicate ids and links to missing anchors are errors at their places', (t) => {
    const b = book(t, '# A\n\n<a id="a"></a>\n\n<div id="x"></div>\n\n<div id="x"></div>\n\n[gone](#nowhere)\n');
    const result = run(['check', '--config', b.config, '--reporter', 'json']);
    assert.equal(result.status, 1);
    const found = (JSON.parse(result.stdout) as { ruleId: string; line: number }[]).map((m) => `${m.ruleId}@${m.line}`);
    for (const expected of ['duplicate-id@3', 'duplicate-id@7', 'broken-link@9'])
      assert.ok(found.includes(expected), `${expected} in ${found.join(', ')}`);
  });
});

describe('hostile surroundings', () => {
  test('nothing is written outside --out, and the book folder is left as it was', (t) => {
    const b = book(t, '# A\n\nText.\n');
    const before = snapshot(b.dir);
    const out = path.join(tempDir(t), 'elsewhere');
    assert.equal(run(['build', '--config', b.config, '--format', 'html,epub', '--out', out, '--quiet']).status, 0);
    assert.deepEqual(snapshot(b.dir), before);
  });

  test('a browser that hangs: exit 3 within the timeout, HTML and EPUB written', (t) => {
    if (!needs(t, 'chromium')) return;
    const b = book(t, '# A\n\nText.\n');
    const hang = path.join(b.dir, 'hanging-chrome');
    writeFileSync(hang, '#!/bin/sh\nsleep 600\n', { mode: 0o755 });
    const started = Date.now();
    const result = run(['build', '--config', b.config, '--out', b.out, '--quiet'], {
      env: { PUPPETEER_EXECUTABLE_PATH: hang },
    });
    assert.equal(result.status, 3);
    assert.ok(Date.now() - started < 60_000);
    assert.match(result.stderr, /^pdf failed: .*did not start/m);
    assert.deepEqual(readdirSync(b.out).sort(), ['.cache', 'h.epub', 'html']);
  });

  test('two builds at once into one folder: each output whole, no staging left', async (t) => {
    const b = book(t, '# A\n\nText.\n');
    const cli = path.join(repo, '.build', 'cli.js');
    const build = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(
          process.execPath,
          [cli, 'build', '--config', b.config, '--out', b.out, '--format', 'html,epub', '--quiet'],
          { stdio: 'ignore' },
        );
        child.on('close', resolve);
      });
    assert.deepEqual(await Promise.all([build(), build(), build()]), [0, 0, 0]);
    assert.deepEqual(readdirSync(b.out).sort(), ['.cache', 'h.epub', 'html']);
    assert.deepEqual(
      readdirSync(path.join(b.out, '.cache', 'parse')).filter((name) => !name.endsWith('.json')),
      [],
    );
    if (needs(t, 'epubcheck')) assert.equal(epubcheck(path.join(b.out, 'h.epub')).errors, 0);
    assert.ok((await readEpub(path.join(b.out, 'h.epub'))).names.includes('OEBPS/a.xhtml'));
  });

  test('a lock left by a killed build does not hold the next one', (t) => {
    const b = book(t, '# A\n\nText.\n');
    mkdirSync(b.out);
    // What a build killed by an older version could leave: an empty lock; and one whose process is gone.
    for (const left of ['', '999999999']) {
      writeFileSync(path.join(b.out, '.book-write.lock'), left);
      const started = Date.now();
      const result = run(['build', '--config', b.config, '--out', b.out, '--format', 'html', '--quiet']);
      assert.equal(result.status, 0, result.stderr);
      assert.ok(Date.now() - started < 30_000);
      assert.deepEqual(readdirSync(b.out).sort(), ['.cache', 'html']);
    }
  });

  test('Ctrl-C during a build: the browser and its profile go too', async (t) => {
    if (!needs(t, 'chromium')) return;
    const b = book(t, '# A\n\nText.\n');
    // The browser's profile goes under this folder, so that what is left of it can be seen.
    const temp = path.join(b.dir, 'tmp');
    mkdirSync(temp);
    const child = spawn(
      process.execPath,
      [path.join(repo, '.build', 'cli.js'), 'build', '--config', b.config, '--out', b.out],
      { env: { ...process.env, TMPDIR: temp }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // The browser starts with the build; by the end of the parse it is up or on its way. Each
      // later line sends another Ctrl-C, as an impatient author would.
      if (/^parse: /m.test(stderr)) child.kill('SIGINT');
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    assert.ok(signal === 'SIGINT' || code === 130, `ended by ${signal ?? code}: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(readdirSync(temp), [], 'no browser profile left');
    const left = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((line) => line.includes(temp));
    assert.deepEqual(left, [], 'no browser process left');
  });
});
