import * as z from 'zod';
import type { FormatEntry } from '../renderer.js';

/** A length of CSS in the units a page size is given in. */
const length = String.raw`\d+(\.\d+)?(mm|cm|in|pt|px)`;

/** CSS page sizes that Chromium knows by name, or two lengths ("6in 9in"). */
const pageSize = z
  .string()
  .regex(
    new RegExp(
      `^(a3|a4|a5|b4|b5|letter|legal|ledger|jis-b4|jis-b5)( (portrait|landscape))?$|^${length} ${length}$`,
      'i',
    ),
    'expected a page size such as A4, A5, Letter or "6in 9in"',
  );

const cssLength = /\d+(\.\d+)?(mm|cm|in|pt|px)|0/;
const margin = z
  .string()
  .regex(
    new RegExp(`^(${cssLength.source})( (${cssLength.source})){0,3}$`),
    'expected one to four CSS lengths such as "20mm" or "0.75in 0.6in"',
  );

/** book.yaml's `pdf:`, the print settings: the page and its margins (which DOCX follows too), and the browser. */
export const pdfOptions = z
  .strictObject({
    size: pageSize.default('6in 9in'),
    margin: margin.default('0.75in 0.65in 0.8in'),
    browser: z.string().min(1).optional(),
    /** Soft hyphens from the language's patterns into the print's prose (hyphenate.ts). */
    hyphenate: z.boolean().default(true),
    /** "(p. 41)" after each link to a place on another page (page-references.ts). */
    'page-references': z.boolean().default(true),
    /** Footnotes at the foot of their call's page (note-layout.ts), or at their chapter's end. */
    notes: z.enum(['page', 'chapter']).default('page'),
    /** Justified paragraphs broken into lines as a whole (line-breaks.ts), or line by line by Chromium. */
    'line-breaking': z.enum(['paragraph', 'line']).default('paragraph'),
  })
  .default({
    size: '6in 9in',
    margin: '0.75in 0.65in 0.8in',
    hyphenate: true,
    'page-references': true,
    notes: 'page',
    'line-breaking': 'paragraph',
  });

/** The print PDF, made by Chromium (render-pdf.ts). */
export const pdfFormat = {
  name: 'pdf',
  summary: 'a print PDF, made by Chromium',
  byDefault: true,
  outputs: (slug) => [`${slug}.pdf`],
  templates: ['print.css'],
  libraries: ['pdf-lib', 'puppeteer-core', 'tex-linebreak'],
  load: async () => (await import('./render-pdf.js')).pdfRenderer,
} as const satisfies FormatEntry;
