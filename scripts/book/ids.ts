/**
 * Hands out ids that are unique across the whole book, the way GitHub dedupes slugs
 * (`intro`, `intro-1`, `intro-2`). github-slugger resets per tree, which is why the book keeps
 * its own registry (see rehype-slug's note on joined documents).
 */
export class IdRegistry {
  readonly #used = new Set<string>();
  /** The suffix to try next for each base: `-1` … up to it were taken when last asked. */
  readonly #next = new Map<string, number>();

  /** Takes an id exactly as written (an author's raw HTML id); false when it was taken already. */
  reserve(id: string): boolean {
    if (this.#used.has(id)) return false;
    this.#used.add(id);
    return true;
  }

  /** The base itself when free, else the first free `base-N`; a base too long for a PDF name is cut first. */
  unique(base: string): string {
    const start = fitting(base || 'section');
    let id = start;
    // Ids are never given back, so the search goes on from where the last one for this base ended.
    let n = this.#next.get(start) ?? 1;
    while (this.#used.has(id)) id = `${start}-${n++}`;
    this.#next.set(start, n);
    this.#used.add(id);
    return id;
  }
}

/**
 * PDF names (a link's named destination) may be 127 bytes long, a limit readers keep to, and
 * Chromium writes an id's destination percent-encoded: a Chinese heading's slug passes it in 14
 * characters. Room is left for a `-N` suffix.
 */
const maxEncodedLength = 127 - 8;

/** The longest start of `id`, in whole characters, whose percent-encoded UTF-8 fits a PDF name. */
function fitting(id: string): string {
  if (id.length <= maxEncodedLength && plain.test(id)) return id;
  if (encodedLength(id) <= maxEncodedLength) return id;
  return leadingCharacters(id, maxEncodedLength, encodedLength).replace(/-+$/, '') || 'section';
}

/** The longest start of `text` in whole characters (grapheme clusters) whose `measure` fits in `limit`. */
export function leadingCharacters(text: string, limit: number, measure: (text: string) => number): string {
  let kept = '';
  let length = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    length += measure(segment);
    if (length > limit) break;
    kept += segment;
  }
  return kept;
}

/** Characters that `encodeURIComponent` leaves as they are. */
const plain = /^[-A-Za-z0-9_.!~*'()]*$/;

/** The length of `text` percent-encoded as `encodeURIComponent` does it (which throws on a lone surrogate). */
function encodedLength(text: string): number {
  let length = 0;
  for (const char of text) length += plain.test(char) ? 1 : 3 * Buffer.byteLength(char);
  return length;
}
