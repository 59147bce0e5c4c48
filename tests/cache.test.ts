import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repo, run, tempDir } from './helpers.js';

/** The `parse:` progress line's count of chapters parsed (the rest came from the cache). */
function parsedCount(stderr: string): number {
  const match = /^parse: .*, (\d+) chapters parsed \(\d+ ms\)$/m.exec(stderr);
  assert.ok(match, stderr);
  return Number(match[1]);
}

/** Every file under a folder, with its bytes, by relative path. */
function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      files.set(
        path.relative(dir, path.join(entry.parentPath, entry.name)),
        readFileSync(path.join(entry.parentPath, entry.name)),
      );
  }
  return files;
}

test(
  'the parse cache in <out>/.cache: unchanged chapters are not parsed again, ' +
    'outputs stay the same, an edited chapter is parsed',
  (t) => {
    const dir = tempDir(t);
    cpSync(path.join(repo, 'manuscript'), path.join(dir, 'manuscript'), { recursive: true });
    cpSync(path.join(repo, 'book.yaml'), path.join(dir, 'book.yaml'));
    const out = path.join(dir, 'out');
    const build = () =>
      run(['build', '--config', path.join(dir, 'book.yaml'), '--out', out, '--format', 'html,epub'], {
        env: { SOURCE_DATE_EPOCH: '1700000000' },
      });

    const cold = build();
    assert.equal(cold.status, 0, cold.stderr);
    assert.equal(parsedCount(cold.stderr), 11);
    const cached = readdirSync(path.join(out, '.cache', 'parse'));
    assert.equal(cached.length, 11);
    const coldOutputs = filesOf(path.join(out, 'html'));
    const coldEpub = readFileSync(path.join(out, 'become-back-end-developer.epub'));

    const warm = build();
    assert.equal(warm.status, 0, warm.stderr);
    assert.equal(parsedCount(warm.stderr), 0);
    assert.deepEqual(filesOf(path.join(out, 'html')), coldOutputs);
    assert.deepEqual(readFileSync(path.join(out, 'become-back-end-developer.epub')), coldEpub);
    // The same messages, at the same places, from cached trees.
    assert.equal(
      warm.stderr.replace(/\(\d+ ms\)/g, '').replace(/\d+ chapters parsed/, ''),
      cold.stderr.replace(/\(\d+ ms\)/g, '').replace(/\d+ chapters parsed/, ''),
    );

    const chapter = path.join(dir, 'manuscript', '03-python-programming.md');
    writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}\n## A Section Added Later\n\nNew text.\n`);
    const edited = build();
    assert.equal(edited.status, 0, edited.stderr);
    assert.equal(parsedCount(edited.stderr), 1);
    assert.match(readFileSync(path.join(out, 'html', '03-python-programming.html'), 'utf8'), /A Section Added Later/);
    // The old entry of the edited chapter is gone: the cache holds what the last build used.
    assert.equal(readdirSync(path.join(out, '.cache', 'parse')).length, 11);

    // A damaged cache file is parsed again, not trusted.
    const damaged = path.join(out, '.cache', 'parse', readdirSync(path.join(out, '.cache', 'parse'))[0]!);
    writeFileSync(damaged, '{"mdast": ');
    const repaired = build();
    assert.equal(repaired.status, 0, repaired.stderr);
    assert.equal(parsedCount(repaired.stderr), 1);
  },
);
