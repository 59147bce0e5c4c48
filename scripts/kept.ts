import { createHash } from 'node:crypto';

/**
 * Values a stage made, each kept with what it was made from: an object (a chapter's HTML or output
 * tree, which the preview's parse cache keeps while the chapter's text is unchanged) and a key of
 * everything else the value read. A build that has the same object and key, the preview's next
 * build, takes the value instead of making it again; a cold build makes everything.
 */
export class Kept<Owner extends object, Value> {
  readonly #values = new WeakMap<Owner, { key: string; value: Value }>();

  get(owner: Owner, key: string, make: () => Value): Value {
    const kept = this.#values.get(owner);
    if (kept?.key === key) return kept.value;
    const value = make();
    this.#values.set(owner, { key, value });
    return value;
  }

  /** A value that depends on its owner alone, made once for it. */
  once(owner: Owner, make: () => Value): Value {
    return this.get(owner, '', make);
  }
}

/** A short key of a long one (a book's headings), for keys that are compared once per chapter. */
export function digest(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('base64');
}
