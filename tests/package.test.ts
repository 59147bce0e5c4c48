import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repo, tempDir } from './helpers.js';

test('packed and installed into an empty folder, the tool builds a book that lives in another folder', (t) => {
  const dir = tempDir(t);
  // The compiled tool as `npm test` made it: packing runs no script, so nothing here rebuilds it.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], {
    cwd: repo,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1)!;
  const tool = path.join(dir, 'tool');
  mkdirSync(tool);
  // A package.json of its own, so that npm installs here and not into a folder above it.
  writeFileSync(path.join(tool, 'package.json'), '{"private": true}\n');
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', path.join(dir, packed)], {
    cwd: tool,
    encoding: 'utf8',
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
    timeout: 600_000,
  });
  assert.equal(install.status, 0, install.stderr);
  const book = path.join(dir, 'elsewhere', 'book');
  cpSync(path.join(repo, 'tests', 'fixtures', 'sampler'), book, { recursive: true });
  const bin = path.join(tool, 'node_modules', '.bin', 'book');
  assert.match(execFileSync(bin, ['--version'], { encoding: 'utf8' }), /^book-pipeline \d+\.\d+\.\d+/);
  const out = path.join(dir, 'out');
  const build = spawnSync(
    bin,
    ['build', '--config', path.join(book, 'book.yaml'), '--format', 'html,epub', '--out', out],
    { cwd: tool, encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(build.status, 0, build.stderr);
  assert.ok(existsSync(path.join(out, 'html', 'index.html')));
  assert.equal(readdirSync(out).filter((name) => name.endsWith('.epub')).length, 1);
});
