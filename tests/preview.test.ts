import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer';
import { needs, repo } from './helpers.js';

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

describe('the preview', () => {
  let dir = '';
  let preview: ChildProcess | undefined;
  let url = '';
  let output = '';
  let browser: Browser | undefined;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'book-preview-'));
    cpSync(path.join(repo, 'tests/fixtures/sampler'), dir, { recursive: true });
    preview = spawn(process.execPath, [path.join(repo, '.build/cli.js'), 'preview', '--config', path.join(dir, 'book.yaml'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    preview.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    preview.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 20_000);
      preview!.stdout!.on('data', () => {
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[0]);
        }
      });
    });
  });
  after(async () => {
    await browser?.close();
    if (preview && preview.exitCode === null) preview.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves only the HTML output: no traversal, encoded or not, no listings', async () => {
    assert.equal(await get(url, '/index.html'), 200);
    assert.equal(await get(url, '/'), 200);
    for (const bad of ['/../book.yaml', '/%2e%2e/book.yaml', '/..%2fbook.yaml', '/%2e%2e%2fbook.yaml', '/images/../../book.yaml', '/images/', '/.%2e/book.yaml', '/nope.html']) {
      assert.equal(await get(url, bad), 404, bad);
    }
  });

  test('a saved chapter shows in the open page, which keeps its place; an error shows as an overlay', async (t) => {
    if (!needs(t, 'chromium')) return;
    const { default: puppeteer } = await import('puppeteer');
    browser = await puppeteer.launch({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage();
    await page.setViewport({ width: 800, height: 400 });
    await page.goto(`${url}01-start.html`, { waitUntil: 'load' });
    await page.evaluate(() => window.scrollTo(0, 300));
    const chapter = path.join(dir, 'chapters/01-start.md');
    const original = readFileSync(chapter, 'utf8');
    writeFileSync(chapter, original.replace('This chapter links', 'This edited chapter links'));
    await page.waitForFunction(() => document.body.textContent?.includes('This edited chapter links'), { timeout: 10_000 });
    assert.ok((await page.evaluate(() => window.scrollY)) > 200, 'the scroll position is kept');
    // The page reports when it was shown by a request of its own, which may arrive just after.
    const reloaded = /reloaded 01-start\.html: \d+ ms from the save to the page shown/;
    for (let waited = 0; !reloaded.test(output) && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.match(output, reloaded);

    writeFileSync(chapter, `${original}\n![gone](missing.png)\n`);
    await page.waitForSelector('#book-preview-overlay', { timeout: 10_000 });
    assert.match(await page.$eval('#book-preview-overlay', (el) => el.textContent ?? ''), /missing\.png" does not exist.*\[missing-image\]/s);
    assert.match(await page.content(), /This edited chapter links/, 'the last good page stays');
    writeFileSync(chapter, original);
    await page.waitForFunction(() => !document.getElementById('book-preview-overlay') && document.body.textContent?.includes('This chapter links'), { timeout: 10_000 });
  });

  test('Ctrl-C stops it cleanly', async () => {
    const exit = new Promise<number | null>((resolve) => preview!.on('exit', resolve));
    preview!.kill('SIGINT');
    assert.equal(await exit, 0);
  });

  test('a busy port is a clear message and exit 2', async () => {
    const blocker = spawn(process.execPath, ['-e', "const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'ignore'] });
    const port = await new Promise<string>((resolve) => blocker.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    try {
      const busy = spawn(process.execPath, [path.join(repo, '.build/cli.js'), 'preview', '--config', path.join(dir, 'book.yaml'), '--port', port, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      busy.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => busy.on('exit', resolve));
      assert.equal(code, 2);
      assert.match(text, new RegExp(`port ${port} is in use: choose another with --port`));
    } finally {
      blocker.kill('SIGKILL');
    }
  });
});
