import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { repo } from './helpers.js';

const source = path.join(repo, '..', 'shared', 'manuscript-source.md');

test("the chapters, in book.yaml order, are the author's source text exactly", (t) => {
  if (!existsSync(source)) return t.skip('the source text is not beside this checkout');
  const chapters = (parse(readFileSync(path.join(repo, 'book.yaml'), 'utf8')) as { chapters: string[] }).chapters;
  const joined = chapters.map((chapter) => readFileSync(path.join(repo, chapter), 'utf8')).join('');
  assert.equal(joined, readFileSync(source, 'utf8'));
});

test("each chapter file starts at one of the source's top-level headings", () => {
  const chapters = (parse(readFileSync(path.join(repo, 'book.yaml'), 'utf8')) as { chapters: string[] }).chapters;
  assert.equal(chapters.length, 11);
  for (const chapter of chapters) assert.match(readFileSync(path.join(repo, chapter), 'utf8'), /^#\s/, chapter);
});
