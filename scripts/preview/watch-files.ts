import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/**
 * Watches a set of files through their folders (editors often save by writing a new file and
 * renaming it over the old one, which a watch on the file itself would lose), and calls `changed`
 * with the paths that changed, a few milliseconds after the last event of a burst.
 */
export class FileWatcher {
  readonly #watchers = new Map<string, FSWatcher>();
  #files = new Set<string>();
  #pending = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly changed: (files: string[]) => void) {}

  /** Watches exactly these files (and every file inside these folders) from now on; once closed, nothing. */
  update(files: Iterable<string>, folders: Iterable<string> = []): void {
    if (this.#closed) return;
    this.#files = new Set(files);
    const wanted = new Set([...this.#files].map((file) => path.dirname(file)));
    for (const folder of folders) {
      wanted.add(folder);
      this.#files.add(`${folder}${path.sep}*`);
    }
    for (const [dir, watcher] of this.#watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.#watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.#watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, (_event, name) => name && this.#event(path.join(dir, String(name))));
        watcher.on('error', () => undefined);
        this.#watchers.set(dir, watcher);
      } catch {
        // A folder that does not exist (yet): the next build names what to watch again.
      }
    }
  }

  #event(file: string): void {
    if (!this.#files.has(file) && !this.#files.has(`${path.dirname(file)}${path.sep}*`)) return;
    this.#pending.add(file);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const files = [...this.#pending];
      this.#pending.clear();
      this.changed(files);
    }, 8);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }
}
