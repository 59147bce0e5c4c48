import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, Parent } from 'unist';
import type { VFile } from 'vfile';
import type { ChapterCache } from './parse-cache.js';
import type { ParsedChapter } from './parse-chapter.js';
import { writeAtomically } from '../write/write-atomically.js';

/** A chapter's trees as stored: headings and `[TOC]` markers by their place in the Markdown tree. */
interface Stored {
  readonly mdast: ParsedChapter['mdast'];
  readonly hast: ParsedChapter['hast'];
  readonly headings: number[];
  readonly tocMarkers: { node: number; alone: boolean }[];
  readonly repairs: ParsedChapter['repairs'];
}

/**
 * Parsed chapters kept in the output folder (`<out>/.cache/parse/`) between builds: a chapter
 * whose text is unchanged is read back as JSON instead of parsed. Each file is named by the hash
 * of the chapter's text, its footnote prefix and this tool's code, so an edit, or a new version
 * of the tool, is a miss. Nothing is written until `save()`, which the build calls once the
 * manuscript has passed its checks (a failed build writes nothing); a file that cannot be read
 * is parsed again. `save()` also removes the files this build did not use.
 */
export class DiskParseCache implements ChapterCache {
  readonly #dir: string;
  readonly #tool = toolFingerprint();
  readonly #fresh = new Map<string, string>();
  readonly #used = new Set<string>();
  readonly #loaded = new Map<string, ParsedChapter | undefined>();
  hits = 0;
  misses = 0;

  constructor(out: string) {
    this.#dir = path.join(out, '.cache', 'parse');
  }

  /** Whether the chapter can be read back (it is then kept for `get`): a damaged file cannot. */
  has(file: VFile, prefix: string): boolean {
    const key = this.#key(file, prefix);
    if (!this.#loaded.has(key)) this.#loaded.set(key, this.#read(key));
    return this.#loaded.get(key) !== undefined;
  }

  get(file: VFile, prefix: string, parse: (file: VFile, prefix: string) => ParsedChapter): ParsedChapter {
    const key = this.#key(file, prefix);
    this.#used.add(key);
    const stored = this.#loaded.has(key) ? this.#loaded.get(key) : this.#read(key);
    this.#loaded.delete(key);
    if (stored) {
      this.hits++;
      return stored;
    }
    this.misses++;
    const parsed = parse(file, prefix);
    // Serialized now, before the build writes heading ids into the trees. A parse stopped at its
    // deadline is not kept: the next build, perhaps with a longer one, tries again.
    if (!parsed.tooSlow) this.#fresh.set(key, serialize(parsed));
    return parsed;
  }

  /** Writes the chapters parsed by this build, each atomically, and drops the unused ones. */
  save(): void {
    try {
      mkdirSync(this.#dir, { recursive: true });
      for (const [key, json] of this.#fresh) {
        writeAtomically(path.join(this.#dir, `${key}.json`), json);
      }
      for (const name of readdirSync(this.#dir)) {
        if (!this.#used.has(name.replace(/\.json$/, '')) && !name.endsWith('.tmp'))
          rmSync(path.join(this.#dir, name), { force: true });
      }
    } catch {
      // A cache that cannot be written only makes the next build slower.
    }
  }

  #key(file: VFile, prefix: string): string {
    return createHash('sha1')
      .update(this.#tool)
      .update('\0')
      .update(prefix)
      .update('\0')
      .update(String(file.value))
      .digest('hex');
  }

  #read(key: string): ParsedChapter | undefined {
    try {
      return deserialize(readFileSync(path.join(this.#dir, `${key}.json`), 'utf8'));
    } catch {
      return undefined;
    }
  }
}

function serialize(parsed: ParsedChapter): string {
  const index = new Map<Node, number>();
  preorder(parsed.mdast, (node, i) => void index.set(node, i));
  const stored: Stored = {
    mdast: parsed.mdast,
    hast: parsed.hast,
    headings: parsed.headings.map((heading) => index.get(heading)!),
    tocMarkers: parsed.tocMarkers.map((marker) => ({ node: index.get(marker.node)!, alone: marker.alone })),
    repairs: parsed.repairs,
  };
  return JSON.stringify(stored);
}

function deserialize(json: string): ParsedChapter {
  const stored = JSON.parse(json) as Stored;
  const nodes: Node[] = [];
  preorder(stored.mdast, (node) => void nodes.push(node));
  const at = <T>(i: number): T => {
    const node = nodes[i];
    if (!node) throw new Error('a cached chapter does not match its tree');
    return node as T;
  };
  return {
    mdast: stored.mdast,
    hast: stored.hast,
    headings: stored.headings.map((i) => at(i)),
    tocMarkers: stored.tocMarkers.map((marker) => ({ node: at(marker.node), alone: marker.alone })),
    repairs: stored.repairs ?? [],
  };
}

/** Every node of a tree in document order, with its number. Iterative: trees may be deep. */
function preorder(root: Node, visit: (node: Node, index: number) => void): void {
  const stack: Node[] = [root];
  let i = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node, i++);
    const children = (node as Partial<Parent>).children;
    if (children) for (let c = children.length - 1; c >= 0; c--) stack.push(children[c]!);
  }
}

/**
 * This tool's code, as a hash of the names, sizes and times of the files beside this module:
 * the compiled chunks (named by their content) or, run from source, the source files.
 */
function toolFingerprint(): string {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha1');
  try {
    for (const name of readdirSync(dir).sort()) {
      const stat = statSync(path.join(dir, name));
      hash.update(`${name}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  } catch {
    hash.update(randomBytes(8));
  }
  return hash.digest('hex');
}
