import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { bundleName, cacheName, libsBundleName, openCache } from '../scripts/launch/bundle.js';
import { repo } from './helpers.js';

const build = path.join(repo, '.build');

for (const name of [bundleName, libsBundleName('pdf'), libsBundleName('docx')]) {
  test(`the compiled ${name} is ASCII, and this Node accepts its code cache`, () => {
    const bytes = readFileSync(path.join(build, name));
    assert.equal(
      bytes.findIndex((byte) => byte > 0x7f),
      -1,
      'a non-ASCII byte in the bundle',
    );
    const source = bytes.toString('latin1');
    const cache = openCache(path.join(build, cacheName(name)));
    assert.ok(cache, 'the cache is there and whole');
    const script = new vm.Script(Module.wrap(source), { filename: path.join(build, name), cachedData: cache });
    assert.equal(script.cachedDataRejected, false);
    // Not an empty cache either: it holds the functions a build runs, not only the top level.
    assert.ok(cache.length > source.length / 4, `${cache.length} bytes of cache for ${source.length} of code`);
  });
}

test(
  "the tool's bundle leaves Puppeteer and pdf-lib, and docx, to bundles of " + 'their own, which hold nothing else',
  () => {
    const main = readFileSync(path.join(build, bundleName), 'latin1');
    assert.doesNotMatch(main, /"node_modules\/(puppeteer-core|pdf-lib|docx)\//);
    const pdf = readFileSync(path.join(build, libsBundleName('pdf')), 'latin1');
    assert.match(pdf, /"node_modules\/pdf-lib\//);
    const docx = readFileSync(path.join(build, libsBundleName('docx')), 'latin1');
    assert.match(docx, /"node_modules\/docx\//);
    for (const libs of [pdf, docx]) assert.doesNotMatch(libs, /"scripts\//);
  },
);

test('a damaged code cache is not used: the command runs as without one (V8 itself would crash on it)', () => {
  // A copy of the tool (its build and templates) whose cache has bytes flipped in V8's data.
  const tool = mkdtempSync(path.join(tmpdir(), 'book-tool-'));
  try {
    cpSync(build, path.join(tool, '.build'), { recursive: true });
    cpSync(path.join(repo, 'templates'), path.join(tool, 'templates'), { recursive: true });
    const file = path.join(tool, '.build', cacheName(bundleName));
    const damaged = readFileSync(file);
    for (let i = 1000; i < damaged.length; i += 997) damaged[i]! ^= 0xff;
    writeFileSync(file, damaged);
    assert.equal(openCache(file), undefined);
    writeFileSync(path.join(tool, 'book.yaml'), 'title: T\nchapters: [a.md]\n');
    writeFileSync(path.join(tool, 'a.md'), '# A\n\nText.\n');
    const result = spawnSync(process.execPath, [path.join(tool, '.build', 'cli.js'), 'check', '--quiet'], {
      cwd: tool,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
  } finally {
    rmSync(tool, { recursive: true, force: true });
  }
});
