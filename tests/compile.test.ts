import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Module } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { bundleName, cacheName, libsBundleName } from '../scripts/launch/bundle.js';
import { repo } from './helpers.js';

const build = path.join(repo, '.build');

for (const name of [bundleName, libsBundleName]) {
  test(`the compiled ${name} is ASCII, and this Node accepts its code cache`, () => {
    const bytes = readFileSync(path.join(build, name));
    assert.equal(bytes.findIndex((byte) => byte > 0x7f), -1, 'a non-ASCII byte in the bundle');
    const source = bytes.toString('latin1');
    const cache = readFileSync(path.join(build, cacheName(name)));
    const script = new vm.Script(Module.wrap(source), { filename: path.join(build, name), cachedData: cache });
    assert.equal(script.cachedDataRejected, false);
    // Not an empty cache either: it holds the functions a build runs, not only the top level.
    assert.ok(cache.length > source.length / 4, `${cache.length} bytes of cache for ${source.length} of code`);
  });
}

test('the tool\'s bundle leaves Puppeteer and pdf-lib to a bundle of their own, which holds nothing else', () => {
  const main = readFileSync(path.join(build, bundleName), 'latin1');
  assert.doesNotMatch(main, /"node_modules\/(puppeteer-core|pdf-lib)\//);
  const libs = readFileSync(path.join(build, libsBundleName), 'latin1');
  assert.match(libs, /"node_modules\/pdf-lib\//);
  assert.doesNotMatch(libs, /"scripts\//);
});
