import type { FormatEntry } from '../renderer.js';

/** The DOCX, for editors who work in Word (render-docx.ts); not made unless asked for. */
export const docxFormat = {
  name: 'docx',
  summary: 'a Word document, for editors',
  byDefault: false,
  outputs: (slug) => [`${slug}.docx`],
  templates: [],
  // Word embeds these (SVG beside a PNG picture of it); not WebP.
  embeds: ['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml'],
  libraries: ['docx', '@resvg/resvg-wasm'],
  load: async () => (await import('./render-docx.js')).docxRenderer,
} as const satisfies FormatEntry;
