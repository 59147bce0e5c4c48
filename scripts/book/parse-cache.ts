import { createHash } from 'node:crypto';
import type { VFile } from 'vfile';
import type { ParsedChapter } from './parse-chapter.js';

/** Where a build gets a chapter's trees: from a cache if unchanged, else parsed (and kept). */
export interface ChapterCache {
  readonly misses: number;
  /** Whether the chapter's trees are there (so `get` will not parse it). */
  has(file: VFile, prefix: string): boolean;
  get(file: VFile, prefix: string, parse: (file: VFile, prefix: string) => ParsedChapter): ParsedChapter;
}

/**
 * Parsed chapters kept between builds of one process (the preview), by the hash of their text:
 * an unchanged chapter is not parsed again. The trees are shared, not copied: after parsing, a
 * build only writes the headings' ids into the HTML tree, and writes them all afresh.
 */
export class ParseCache implements ChapterCache {
  readonly #entries = new Map<string, ParsedChapter>();
  #used = new Set<string>();
  /** Each file's key, worked out once per build (a file is read afresh at every build). */
  readonly #keys = new WeakMap<VFile, { prefix: string; key: string }>();
  hits = 0;
  misses = 0;

  has(file: VFile, prefix: string): boolean {
    return this.#entries.has(this.#key(file, prefix));
  }

  /** The chapter's trees: from the cache when its text is unchanged, else parsed now and kept. */
  get(file: VFile, prefix: string, parse: (file: VFile, prefix: string) => ParsedChapter): ParsedChapter {
    const key = this.#key(file, prefix);
    this.#used.add(key);
    const cached = this.#entries.get(key);
    if (cached) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const parsed = parse(file, prefix);
    if (!parsed.tooSlow) this.#entries.set(key, parsed);
    return parsed;
  }

  #key(file: VFile, prefix: string): string {
    const known = this.#keys.get(file);
    if (known?.prefix === prefix) return known.key;
    const key = keyOf(file, prefix);
    this.#keys.set(file, { prefix, key });
    return key;
  }

  /** Forgets the chapters that the last build did not use, and starts counting afresh. */
  endBuild(): void {
    for (const key of this.#entries.keys()) if (!this.#used.has(key)) this.#entries.delete(key);
    this.#used = new Set();
    this.hits = 0;
    this.misses = 0;
  }
}

function keyOf(file: VFile, prefix: string): string {
  return createHash('sha1').update(prefix).update('\0').update(String(file.value)).digest('hex');
}
