import { docxFormat } from './docx/format.js';
import { epubFormat } from './epub/format.js';
import { htmlFormat } from './html/format.js';
import { pdfFormat } from './pdf/format.js';
import type { FormatEntry, Renderer } from './renderer.js';

/**
 * The registry: every output format, in the order they are listed and built. A format is a
 * folder of `scripts/render/` with a `format.ts` (README, "Adding a format"); adding one is its
 * folder and its line here.
 */
export const formatEntries = [htmlFormat, epubFormat, pdfFormat, docxFormat] as const satisfies readonly FormatEntry[];

export type Format = (typeof formatEntries)[number]['name'];
export const formats: readonly Format[] = formatEntries.map((entry) => entry.name);

/** The formats `build` makes when neither `--format` nor book.yaml's `formats` names them. */
export const defaultFormats: readonly Format[] = formatEntries
  .filter((entry) => entry.byDefault)
  .map((entry) => entry.name);

/** The names the formats give their own pages: no chapter is named so. */
export const pageNames: readonly string[] = [
  ...new Set(formatEntries.flatMap((entry: FormatEntry) => entry.pageNames ?? [])),
];

export function formatEntry(name: Format): FormatEntry {
  return formatEntries.find((entry) => entry.name === name)!;
}

/** Whether a format shows images of a type (its entry's `embeds`), or leaves their alt text. */
export function canEmbed(format: Format, mediaType: string): boolean {
  const entry: FormatEntry = formatEntry(format);
  return entry.embeds === undefined || entry.embeds.includes(mediaType);
}

/** A format's renderer, loaded when it is first asked for. */
export function loadRenderer(name: Format): Promise<Renderer> {
  return formatEntry(name).load();
}
