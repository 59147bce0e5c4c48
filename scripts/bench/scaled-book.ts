import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * A copy of a book with its chapters repeated `times` times (chapter 1…n, then again), written
 * into `dir`: the same text at a larger scale, to see how cost grows.
 */
export function scaledBook(config: string, dir: string, times: number): string {
  const yaml = parse(readFileSync(config, 'utf8')) as { title: string; chapters: string[] };
  const root = path.dirname(config);
  mkdirSync(dir, { recursive: true });
  const chapters: string[] = [];
  for (let copy = 1; copy <= times; copy++) {
    for (const chapter of yaml.chapters) {
      const name = `${String(copy).padStart(3, '0')}-${path.basename(chapter)}`;
      copyFileSync(path.join(root, chapter), path.join(dir, name));
      chapters.push(name);
    }
  }
  writeFileSync(
    path.join(dir, 'book.yaml'),
    `title: ${JSON.stringify(`${yaml.title} ×${times}`)}\nslug: scaled\nchapters:\n` +
      `${chapters.map((c) => `  - ${c}`).join('\n')}\n`,
  );
  return path.join(dir, 'book.yaml');
}
