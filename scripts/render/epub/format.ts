import type { FormatEntry } from '../renderer.js';

/** The EPUB 3 (render-epub.ts). */
export const epubFormat = {
  name: 'epub',
  summary: 'an EPUB 3 e-book',
  byDefault: true,
  outputs: (slug) => [`${slug}.epub`],
  templates: ['epub.css'],
  load: async () => (await import('./render-epub.js')).epubRenderer,
} as const satisfies FormatEntry;
