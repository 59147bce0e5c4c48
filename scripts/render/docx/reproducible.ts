import { toXml } from 'xast-util-to-xml';
import { x } from 'xastscript';

/**
 * Runs `make` as if the clock said `time` and with `Math.random` drawn from a fixed seed, so that
 * the same book makes the same bytes: the docx package names each hyperlink with nanoid's
 * non-secure ids, which take `Math.random`, and its zip (fflate) dates every entry `Date.now()`.
 * Zip dates are local times with no zone; the clock is set so that they read `time` in UTC.
 * `make` is synchronous (docx compiles and zips before its first await), so nothing else runs
 * meanwhile.
 */
export function reproducibly<T>(time: Date, make: () => T): T {
  const { random } = Math;
  const { now } = Date;
  const utc = Math.max(time.getTime(), Date.UTC(1980, 0, 1));
  const local = utc + new Date(utc).getTimezoneOffset() * 60_000;
  // mulberry32: small, fast and well spread; the ids need no more.
  let state = 0x9e3779b9;
  Math.random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  Date.now = () => local;
  try {
    return make();
  } finally {
    Math.random = random;
    Date.now = now;
  }
}

/** What Word's File › Info shows of a document. */
export interface CoreProperties {
  readonly title: string;
  readonly creator: string;
  readonly subject?: string;
  readonly description?: string;
  readonly keywords?: string;
}

/**
 * The document's core properties (`docProps/core.xml`), which Word shows in File › Info, with
 * `time` as its created and modified times: docx writes the clock's time there, so the
 * document is given this part instead.
 */
export function coreProperties(properties: CoreProperties, time: Date): string {
  const stamp = time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const text = (name: string, value: string | undefined) => (value ? [x(name, value)] : []);
  const core = x(
    'cp:coreProperties',
    {
      'xmlns:cp': 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties',
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:dcterms': 'http://purl.org/dc/terms/',
      'xmlns:dcmitype': 'http://purl.org/dc/dcmitype/',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    },
    [
      ...text('dc:title', properties.title),
      ...text('dc:subject', properties.subject),
      ...text('dc:creator', properties.creator),
      ...text('cp:keywords', properties.keywords),
      ...text('dc:description', properties.description),
      ...text('cp:lastModifiedBy', properties.creator),
      x('cp:revision', '1'),
      x('dcterms:created', { 'xsi:type': 'dcterms:W3CDTF' }, stamp),
      x('dcterms:modified', { 'xsi:type': 'dcterms:W3CDTF' }, stamp),
    ],
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${toXml(core)}`;
}
