import { existsSync } from 'node:fs';
import path from 'node:path';
import { wholeBookPaths } from '../render/html/render-html.js';
import type { OutputFile } from '../render/renderer.js';
import { updateOutputs, writeOutputs } from '../write/write-outputs.js';

/**
 * The preview's writes of the site into `<out>/html`. The first build writes the whole site at
 * once, atomically, as `build` does; later ones only the files that differ from what was
 * written last, each atomically, and remove those no longer made. The whole book's files
 * (`book.html`, the search index), which hold every chapter's text, are kept back until
 * `writeWholeBook`. Returned names are relative to the site, as its pages link them.
 */
export class SiteWriter {
  #written = new Map<string, string | Uint8Array>();
  #out: string | undefined;
  #wholeBook: { out: string; make: () => OutputFile[] } | undefined;

  /** Writes a build's pages (its whole-book files are made by `whole`, later); returns the files that changed. */
  write(out: string, pages: readonly OutputFile[], whole: () => OutputFile[]): string[] {
    if (this.#written.size === 0 || out !== this.#out || !existsSync(path.join(out, 'html'))) {
      const files = [...pages, ...whole()];
      writeOutputs(out, files);
      this.#written = new Map(files.map((file) => [file.path, file.data]));
      this.#out = out;
      this.#wholeBook = undefined;
      return files.map(siteName);
    }
    const made = new Set([...pages.map((file) => file.path), ...wholeBookPaths]);
    const changed = this.#update(
      out,
      pages,
      [...this.#written.keys()].filter((name) => !made.has(name)),
    );
    this.#wholeBook = { out, make: whole };
    return changed;
  }

  /** Whether the last build's whole-book files are still to be written. */
  get pending(): boolean {
    return this.#wholeBook !== undefined;
  }

  /** Makes and writes the last build's whole-book files, if they are not written yet; returns those that changed. */
  writeWholeBook(): string[] {
    const pending = this.#wholeBook;
    this.#wholeBook = undefined;
    return pending ? this.#update(pending.out, pending.make()) : [];
  }

  #update(out: string, files: readonly OutputFile[], removed: readonly string[] = []): string[] {
    const changed = files.filter((file) => !sameData(this.#written.get(file.path), file.data));
    updateOutputs(out, changed, removed);
    for (const file of changed) this.#written.set(file.path, file.data);
    for (const name of removed) this.#written.delete(name);
    return changed.map(siteName);
  }
}

function siteName(file: OutputFile | string): string {
  return (typeof file === 'string' ? file : file.path).replace(/^html\//, '');
}

function sameData(before: string | Uint8Array | undefined, after: string | Uint8Array): boolean {
  if (typeof before === 'string' || typeof after === 'string') return before === after;
  return before !== undefined && Buffer.compare(before, after) === 0;
}
