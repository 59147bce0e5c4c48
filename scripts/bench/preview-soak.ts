import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Log } from '../log.js';
import { startPreview } from '../preview/preview.js';

/** The heap used after a forced garbage collection, in bytes, at a save. */
export interface HeapAt {
  readonly save: number;
  readonly bytes: number;
}

/**
 * The preview's memory over many saves: the preview runs in this process (started with
 * `--expose-gc`) on a copy of the book, one chapter is saved `saves` times with a new word, each
 * save waited for until its rebuild is done, and the heap used after a forced garbage collection
 * is read after the first save, at the half and after the last.
 */
export async function previewSoak(config: string, saves: number): Promise<HeapAt[]> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('the memory soak needs node --expose-gc');
  let rebuilt = (): void => undefined;
  const log: Log = {
    line: (text) => {
      if (text.startsWith('rebuilt in ')) rebuilt();
    },
    stage: (_name, run) => run(),
    note: () => undefined,
  };
  const preview = await startPreview({ config, port: 0, portChosen: true, host: '127.0.0.1', out: undefined }, log);
  const chapters = (parse(readFileSync(config, 'utf8')) as { chapters: string[] }).chapters;
  const chapter = path.join(path.dirname(config), chapters[Math.min(2, chapters.length - 1)]!);
  const original = readFileSync(chapter, 'utf8');
  const heap: HeapAt[] = [];
  try {
    await preview.ready;
    for (let save = 1; save <= saves; save++) {
      const done = new Promise<void>((resolve, reject) => {
        const late = setTimeout(() => reject(new Error(`save ${save} was not rebuilt within 10 s`)), 10_000);
        rebuilt = () => (clearTimeout(late), resolve());
      });
      writeFileSync(chapter, `${original}\n\nsoakword${save}\n`);
      await done;
      if (save === 1 || save === saves / 2 || save === saves) {
        gc();
        heap.push({ save, bytes: process.memoryUsage().heapUsed });
      }
    }
  } finally {
    writeFileSync(chapter, original);
    await preview.close();
  }
  return heap;
}
