import type { FormatEntry } from '../renderer.js';

/** The HTML site (render-html.ts). */
export const htmlFormat = {
  name: 'html',
  summary: 'a site, one page per chapter, with search',
  byDefault: true,
  outputs: () => ['html/'],
  // The title page and contents, the whole book on one page, the images' folder.
  pageNames: ['index', 'book', 'images'],
  templates: ['site.css', 'site.js'],
  load: async () => (await import('./render-html.js')).htmlRenderer,
} as const satisfies FormatEntry;
