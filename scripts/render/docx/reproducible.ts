import { unzipSync, zipSync } from 'fflate';

/**
 * Runs `make` with `Math.random` drawn from a fixed seed. The docx package names each hyperlink
 * with nanoid's non-secure ids, which take `Math.random`: seeded, the same book makes the same
 * names, and so the same bytes. `make` is synchronous, so nothing else draws from it meanwhile.
 */
export function withSeededRandom<T>(make: () => T): T {
  const random = Math.random;
  // mulberry32: small, fast and well spread; the ids need no more.
  let state = 0x9e3779b9;
  Math.random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  try {
    return make();
  } finally {
    Math.random = random;
  }
}

/**
 * The DOCX package with its dates fixed: the document's created and modified times (which the
 * docx package takes from the clock) become `time`, and so does every zip entry's date, so that
 * a build of the same book is byte for byte the same (`time` is SOURCE_DATE_EPOCH's, or the
 * last commit's: book/identity.ts). The entries keep their order and their compression.
 */
export function fixDates(docx: Uint8Array, time: Date): Uint8Array {
  const files = unzipSync(docx);
  const stamp = time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const core = files['docProps/core.xml'];
  if (core) {
    const xml = new TextDecoder().decode(core).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${stamp}$2`);
    files['docProps/core.xml'] = new TextEncoder().encode(xml);
  }
  // Zip dates are local times of day from 1980 on, with no zone: written as the UTC one's.
  const utc = Math.max(time.getTime(), Date.UTC(1980, 0, 1));
  const mtime = new Date(utc + new Date(utc).getTimezoneOffset() * 60_000);
  return zipSync(files, { mtime, level: 6 });
}
