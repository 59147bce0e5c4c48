/**
 * Hands out ids that are unique across the whole book, the way GitHub dedupes slugs
 * (`intro`, `intro-1`, `intro-2`). github-slugger resets per tree, which is why the book keeps
 * its own registry (see rehype-slug's note on joined documents).
 */
export class IdRegistry {
  readonly #used = new Set<string>();

  /** Takes an id exactly as written (an author's raw HTML id); false when it was taken already. */
  reserve(id: string): boolean {
    if (this.#used.has(id)) return false;
    this.#used.add(id);
    return true;
  }

  /** The base itself when free, else the first free `base-N`. */
  unique(base: string): string {
    const start = base || 'section';
    let id = start;
    for (let n = 1; this.#used.has(id); n++) id = `${start}-${n}`;
    this.#used.add(id);
    return id;
  }
}
