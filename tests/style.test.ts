import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repo } from './helpers.js';

/** Source files of the tool, its tests and its templates; not the books the tests read. */
function sources(folder: string): string[] {
  return readdirSync(path.join(repo, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|js|css)$/.test(entry.name))
    .map((entry) => path.relative(repo, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(path.join('tests', 'fixtures')));
}

test('source lines are at most 120 characters (Prettier wraps code; this holds comments, strings and patterns)', () => {
  const files = ['scripts', 'tests', 'templates'].flatMap(sources);
  assert.ok(files.length > 100, `${files.length} source files`);
  const long = files.flatMap((file) =>
    readFileSync(path.join(repo, file), 'utf8')
      .split('\n')
      .flatMap((line, index) => (line.length > 120 ? [`${file}:${index + 1}: ${line.length} characters`] : [])),
  );
  assert.deepEqual(long, []);
});
