import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Module } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { bundleName, codeCacheName } from '../scripts/launch/bundle.js';
import { repo } from './helpers.js';

const build = path.join(repo, '.build');

test('the compiled bundle is ASCII, and this Node accepts its code cache', () => {
  const bytes = readFileSync(path.join(build, bundleName));
  assert.equal(bytes.findIndex((byte) => byte > 0x7f), -1, 'a non-ASCII byte in the bundle');
  const source = bytes.toString('latin1');
  const script = new vm.Script(Module.wrap(source), { filename: path.join(build, bundleName), cachedData: readFileSync(path.join(build, codeCacheName)) });
  assert.equal(script.cachedDataRejected, false);
  // Not an empty cache either: it holds the functions a build runs, not only the top level.
  assert.ok(readFileSync(path.join(build, codeCacheName)).length > source.length / 4);
});
