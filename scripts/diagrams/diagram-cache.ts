import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Element } from 'hast';
import type { Point } from 'unist';
import { toolRoot } from '../tool-root.js';
import { writeAtomically } from '../write/write-atomically.js';

/**
 * How every diagram is drawn. `strict`: no script, no click handlers, no HTML in labels; labels as
 * SVG text (not HTML in a `<foreignObject>`, which EPUB's SVG lacks and the PDF's text would too);
 * ids that depend on the diagram, not on chance, so a drawing is the same from build to build;
 * the book's sans-serif, in which the labels are measured.
 */
export const mermaidConfig = {
  startOnLoad: false,
  securityLevel: 'strict',
  htmlLabels: false,
  flowchart: { htmlLabels: false },
  class: { htmlLabels: false },
  state: { htmlLabels: false },
  deterministicIds: true,
  theme: 'default',
  fontFamily: '"DejaVu Sans", "Liberation Sans", Arial, "WenQuanYi Zen Hei", sans-serif',
} as const;

/** What the cache keeps of a drawing: the SVG made ready for the book (as hast), or Mermaid's error. */
export type Kept = { readonly svg: Element } | { readonly error: string; readonly line?: number };

/** The form of what the cache keeps: a new one when `prepareSvg` (draw-diagrams.ts) changes. */
const keptForm = 'svg-hast-1';

/** Where a build keeps its drawings: `<out>/.cache/diagrams/`. */
export function diagramCacheFolder(out: string): string {
  return path.join(out, '.cache', 'diagrams');
}

/** Each diagram's key in the cache: its source, Mermaid's version, the drawing's settings and the kept form. */
export function diagramKeys(sources: readonly string[]): string[] {
  const version = (JSON.parse(readFileSync(mermaidFile('package.json'), 'utf8')) as { version: string }).version;
  const settings = JSON.stringify(mermaidConfig);
  return sources.map((source) =>
    createHash('sha256').update(`${keptForm}\0mermaid ${version}\0${settings}\0${source}`).digest('hex').slice(0, 32),
  );
}

/** A file of Mermaid's package (its browser build runs in the drawing page only). */
export function mermaidFile(name: string): string {
  return createRequire(path.join(toolRoot(), 'package.json')).resolve(`mermaid/${name}`);
}

/**
 * Where in the chapter Mermaid's error is: it counts the diagram's lines from 1, and may name the line after its last.
 */
export function errorPlace(source: string, fence: Point | undefined, line: number | undefined): Point | undefined {
  if (!fence || line === undefined) return fence;
  return { line: fence.line + Math.min(Math.max(line, 1), source.split('\n').length), column: 1 };
}

/** Mermaid's message on one line, its list of what it expected cut to the first three. */
export function brief(error: string): string {
  const cut = error
    .replace(/\b(Expecting (?:'[^']*', ){3})(?:'[^']*',? )*(?:(got )|$)/, '$1… $2')
    .replace(/\s+/g, ' ')
    .trim();
  return cut.length > 200 ? `${cut.slice(0, 199)}…` : cut;
}

/** The drawings kept between builds, one JSON file each, written atomically; unused ones are dropped. */
export class DiagramCache {
  readonly #dir: string;
  readonly #fresh = new Map<string, Kept>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  get(key: string): Kept | undefined {
    try {
      return JSON.parse(readFileSync(path.join(this.#dir, `${key}.json`), 'utf8')) as Kept;
    } catch {
      return undefined;
    }
  }

  set(key: string, drawn: Kept): void {
    this.#fresh.set(key, drawn);
  }

  save(used: ReadonlySet<string>): void {
    try {
      mkdirSync(this.#dir, { recursive: true });
      for (const [key, drawn] of this.#fresh) {
        writeAtomically(path.join(this.#dir, `${key}.json`), JSON.stringify(drawn));
      }
      for (const name of readdirSync(this.#dir)) {
        if (!used.has(name.replace(/\.json$/, '')) && !name.endsWith('.tmp'))
          rmSync(path.join(this.#dir, name), { force: true });
      }
    } catch {
      // A cache that cannot be written only makes the next build draw again.
    }
  }
}
