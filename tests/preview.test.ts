import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer';
import { needs, repo, run } from './helpers.js';

/** A raw GET, so that `..` reaches the server exactly as written (fetch would normalise it). */
function get(url: string, rawPath: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The exit code of a child, which is killed (and the test failed) if it has not exited by the deadline. */
async function exited(child: ChildProcess, deadline = 10_000): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    new Promise<number | null>((resolve) => child.once('exit', resolve)),
    new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadline))),
  ]);
  clearTimeout(timer);
  if (code === 'late') {
    child.kill('SIGKILL');
    assert.fail(`still running ${deadline} ms later`);
  }
  return code;
}

/** A preview of the book at `config`, started and printing its address. */
async function startPreview(
  config: string,
  args: string[] = ['--port', '0'],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [path.join(repo, '.build/cli.js'), 'preview', '--config', config, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 20_000);
    child.stdout!.on('data', () => {
      const match = /preview: (http:\/\/\S+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', () => reject(new Error(`exited: ${output}`)));
  });
  return { child, url, output: () => output };
}

describe('the preview', () => {
  let dir = '';
  let preview: ChildProcess | undefined;
  let url = '';
  let output = (): string => '';
  let browser: Browser | undefined;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'book-preview-'));
    cpSync(path.join(repo, 'tests/fixtures/sampler'), dir, { recursive: true });
    ({ child: preview, url, output } = await startPreview(path.join(dir, 'book.yaml')));
  });
  after(async () => {
    await browser?.close();
    if (preview && preview.exitCode === null) preview.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves only the HTML output: no traversal, encoded or not, no listings', async () => {
    assert.equal(await get(url, '/index.html'), 200);
    assert.equal(await get(url, '/'), 200);
    for (const bad of [
      '/../book.yaml',
      '/%2e%2e/book.yaml',
      '/..%2fbook.yaml',
      '/%2e%2e%2fbook.yaml',
      '/images/../../book.yaml',
      '/images/',
      '/.%2e/book.yaml',
      '/nope.html',
    ]) {
      assert.equal(await get(url, bad), 404, bad);
    }
  });

  test('a saved chapter shows in the open page, which keeps its place; an error shows as an overlay', async (t) => {
    if (!needs(t, 'chromium')) return;
    const { default: puppeteer } = await import('puppeteer');
    browser = await puppeteer.launch({
      executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 800, height: 400 });
    await page.goto(`${url}01-start.html`, { waitUntil: 'load' });
    await page.evaluate(() => window.scrollTo(0, 300));
    const chapter = path.join(dir, 'chapters/01-start.md');
    const original = readFileSync(chapter, 'utf8');
    writeFileSync(chapter, original.replace('This chapter links', 'This edited chapter links'));
    await page.waitForFunction(() => document.body.textContent?.includes('This edited chapter links'), {
      timeout: 10_000,
    });
    assert.ok((await page.evaluate(() => window.scrollY)) > 200, 'the scroll position is kept');
    // The page reports when it was shown by a request of its own, which may arrive just after.
    const reloaded = /reloaded 01-start\.html: \d+ ms from the save to the page shown/;
    for (let waited = 0; !reloaded.test(output()) && waited < 5_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.match(output(), reloaded);

    writeFileSync(chapter, `${original}\n![gone](missing.png)\n`);
    await page.waitForSelector('#book-preview-overlay', { timeout: 10_000 });
    assert.match(
      await page.$eval('#book-preview-overlay', (el) => el.textContent ?? ''),
      /missing\.png" does not exist.*\[missing-image\]/s,
    );
    assert.match(await page.content(), /This edited chapter links/, 'the last good page stays');
    writeFileSync(chapter, original);
    await page.waitForFunction(
      () =>
        !document.getElementById('book-preview-overlay') && document.body.textContent?.includes('This chapter links'),
      { timeout: 10_000 },
    );
  });

  test('Ctrl-C stops it cleanly', async () => {
    preview!.kill('SIGINT');
    assert.equal(await exited(preview!), 0);
  });

  test('a busy port that was asked for is a clear message and exit 2, with nothing built or written', async () => {
    const blocker = spawn(
      process.execPath,
      ['-e', "const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port))"],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const port = await new Promise<string>((resolve) =>
      blocker.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
    );
    try {
      const out = path.join(dir, 'busy-out');
      const busy = spawn(
        process.execPath,
        [
          path.join(repo, '.build/cli.js'),
          'preview',
          '--config',
          path.join(dir, 'book.yaml'),
          '--port',
          port,
          '--out',
          out,
          '--quiet',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let text = '';
      busy.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      assert.equal(await exited(busy), 2);
      assert.match(text, new RegExp(`port ${port} is in use: choose another with --port`));
      assert.equal(existsSync(out), false, 'nothing written');
    } finally {
      blocker.kill('SIGKILL');
    }
  });
});

/** Every file under a folder, by its path relative to it, with its bytes (staging names left out). */
function filesOf(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(folder, file), readFileSync(file));
  }
  return files;
}

describe('a save rebuilds only what it changed', () => {
  test(
    'after every kind of save, the site the preview wrote is byte for byte ' + 'a cold build of the same sources',
    async (t) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'book-preview-same-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      cpSync(path.join(repo, 'tests/fixtures/sampler'), dir, { recursive: true });
      const config = path.join(dir, 'book.yaml');
      const first = path.join(dir, 'chapters/01-start.md');
      const second = path.join(dir, 'chapters/02-more.md');
      const added = path.join(dir, 'chapters/03-added.md');
      const edit = (file: string, change: (text: string) => string): void =>
        writeFileSync(file, change(readFileSync(file, 'utf8')));
      const { child, url, output } = await startPreview(config);
      t.after(() => void child.kill('SIGKILL'));
      const rebuilds = (): number => output().match(/rebuilt in/g)?.length ?? 0;
      for (let waited = 0; rebuilds() === 0; waited += 50) {
        assert.ok(waited < 30_000, `no first build: ${output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Each save is one an author makes; together they change every input of a page: its text,
      // its ids, where its links go, its neighbours' titles, the contents, the images, the chapters.
      const saves: [string, () => void][] = [
        ['a word in a chapter', () => edit(second, (text) => `${text}\nOne more word.\n`)],
        [
          'a chapter added, with links into the others and an image',
          () => {
            writeFileSync(
              added,
              '# Added\n\nSee [the details](02-more.md#the-details) and [the code](01-start.md#code).\n\n![a ' +
                'square](images/blue-square.png)\n\n## Code\n\nMore code.\n',
            );
            edit(config, (text) =>
              text.replace('  - chapters/02-more.md\n', '  - chapters/02-more.md\n  - chapters/03-added.md\n'),
            );
          },
        ],
        [
          'a heading that a later chapter has too, so its ids and the links to them move',
          () => edit(first, (text) => `${text}\n## The Details\n\nText.\n`),
        ],
        [
          'that heading renamed',
          () => edit(first, (text) => text.replace('## The Details\n\nText.', '## Other Details\n\nText.')),
        ],
        ['that heading removed', () => edit(first, (text) => text.replace('\n## Other Details\n\nText.\n', ''))],
        [
          'a heading that moves the id of the same heading in a later chapter',
          () => edit(second, (text) => `${text}\n## Code\n\nText.\n`),
        ],
        [
          'a heading renamed that only the contents show',
          () => edit(second, (text) => text.replace('## Ελληνικά και 日本語', '## Ελληνικά')),
        ],
        [
          "a chapter's title, which its neighbours' links show",
          () => edit(second, (text) => text.replace('# More\n', '# More and More\n')),
        ],
        [
          'a heading renamed that the contents show, and its link',
          () =>
            edit(first, (text) =>
              text.replace('## Lists and Tables', '## Lists, Tables').replace('#lists-and-tables', '#lists-tables'),
            ),
        ],
        [
          'an image added',
          () => {
            cpSync(path.join(dir, 'chapters/images/blue-square.png'), path.join(dir, 'chapters/images/new-square.png'));
            edit(added, (text) => `${text}\n![another](images/new-square.png)\n`);
          },
        ],
        ['that image removed', () => edit(added, (text) => text.replace('\n![another](images/new-square.png)\n', ''))],
        ['the chapter removed', () => edit(config, (text) => text.replace('  - chapters/03-added.md\n', ''))],
      ];
      for (const [index, [what, save]] of saves.entries()) {
        const before = rebuilds();
        save();
        for (let waited = 0; rebuilds() === before; waited += 50) {
          assert.ok(waited < 20_000, `${what}: no rebuild: ${output()}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        // The whole book's files are made when asked for.
        for (const name of ['book.html', 'search-index.js']) assert.equal((await fetch(`${url}${name}`)).status, 200);
        const cold = path.join(dir, `cold-${index}`);
        const built = run(['build', '--config', config, '--format', 'html', '--out', cold, '--quiet']);
        assert.equal(built.status, 0, built.stderr);
        const wrote = filesOf(path.join(dir, 'dist/html'));
        const expected = filesOf(path.join(cold, 'html'));
        assert.deepEqual([...wrote.keys()].sort(), [...expected.keys()].sort(), `${what}: the same files`);
        for (const [name, data] of expected)
          assert.ok(data.equals(wrote.get(name)!), `${what}: ${name} differs from a cold build`);
      }
      assert.match(
        output(),
        /rebuilt in \d+ ms \(1 of 3 chapters parsed\): 1 files changed/,
        'a word saved changes one file at once',
      );
    },
  );
});

describe('stopping the preview, its port and its address', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'book-preview-stop-'));
    cpSync(path.join(repo, 'tests/fixtures/sampler'), dir, { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a signal at any moment after a save stops it: exit 0, within its deadline', async () => {
    const chapter = path.join(dir, 'chapters/01-start.md');
    const original = readFileSync(chapter, 'utf8');
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const delays = [0, 5, 15, 30, 50, 70, 90, 110, 140, 200];
    for (const [index, delay] of delays.entries()) {
      const { child } = await startPreview(path.join(dir, 'book.yaml'));
      writeFileSync(chapter, `${original}\nEdit ${index}.\n`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      const signal = signals[index % signals.length]!;
      child.kill(signal);
      // A stop ends it within a second; the deadline leaves room for a loaded machine.
      assert.equal(await exited(child, 5_000), 0, `${signal} ${delay} ms after a save`);
    }
    writeFileSync(chapter, original);
  });

  test('a second signal exits at once', async () => {
    const { child } = await startPreview(path.join(dir, 'book.yaml'));
    writeFileSync(
      path.join(dir, 'chapters/01-start.md'),
      `${readFileSync(path.join(dir, 'chapters/01-start.md'), 'utf8')}\nMore.\n`,
    );
    child.kill('SIGINT');
    child.kill('SIGINT');
    const code = await exited(child, 5_000);
    assert.ok(code === 0 || code === 130, `exit ${code} (signal ${child.signalCode})`);
  });

  test('the default port, when busy, moves to the next free one and says so', async () => {
    // Port 3000 is held here, or by something else: busy either way.
    const blocker = spawn(
      process.execPath,
      [
        '-e',
        "require('net').createServer().listen(3000, '127.0.0.1', () => console.log('ok')).on('error', " +
          "() => console.log('busy'))",
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    await new Promise((resolve) => blocker.stdout!.once('data', resolve));
    try {
      const { child, url, output } = await startPreview(path.join(dir, 'book.yaml'), []);
      assert.notEqual(new URL(url).port, '3000');
      assert.match(output(), new RegExp(`port 3000 is in use: serving on ${new URL(url).port}`));
      child.kill('SIGINT');
      assert.equal(await exited(child), 0);
    } finally {
      blocker.kill('SIGKILL');
    }
  });

  test('a --host that is not an address of this machine is exit 2, with nothing written', async () => {
    const out = path.join(dir, 'host-out');
    // 203.0.113.0/24 is kept for documentation: no machine has it.
    const child = spawn(
      process.execPath,
      [
        path.join(repo, '.build/cli.js'),
        'preview',
        '--config',
        path.join(dir, 'book.yaml'),
        '--host',
        '203.0.113.7',
        '--port',
        '0',
        '--out',
        out,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    assert.equal(await exited(child), 2);
    assert.match(text, /--host 203\.0\.113\.7 is not an address of this machine/);
    assert.equal(existsSync(out), false);
  });

  test('--open opens the page with $BROWSER; --host serves beyond this machine and says so', async () => {
    const opened = path.join(dir, 'opened.txt');
    const browser = path.join(dir, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\necho "$1" > "${opened}"\n`);
    chmodSync(browser, 0o755);
    const { child, url, output } = await startPreview(
      path.join(dir, 'book.yaml'),
      ['--port', '0', '--open', '--host', '0.0.0.0'],
      { BROWSER: browser },
    );
    for (let waited = 0; !existsSync(opened) && waited < 5_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(readFileSync(opened, 'utf8').trim(), url);
    assert.match(
      output(),
      /serving beyond this machine \(--host 0\.0\.0\.0.*\): anyone on the network can read the book/,
    );
    assert.equal(await get(url, '/index.html'), 200);
    child.kill('SIGTERM');
    assert.equal(await exited(child), 0);
  });
});
