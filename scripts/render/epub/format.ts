import type { FormatEntry } from '../renderer.js';

/** The EPUB 3 (render-epub.ts). */
export const epubFormat = {
  name: 'epub',
  summary: 'an EPUB 3 e-book',
  byDefault: true,
  outputs: (slug) => [`${slug}.epub`],
  // The navigation document, the cover page, the style sheet, the images' folder.
  pageNames: ['toc', 'cover', 'style', 'images'],
  templates: ['epub.css'],
  // EPUB 3.2's core media types: WebP is not one of them (EPUB 3.3 added it).
  embeds: ['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml'],
  load: async () => (await import('./render-epub.js')).epubRenderer,
} as const satisfies FormatEntry;
