import type { FormatEntry } from '../renderer.js';

/** The HTML site (render-html.ts). */
export const htmlFormat = {
  name: 'html',
  summary: 'a site, one page per chapter, with search',
  byDefault: true,
  outputs: () => ['html/'],
  templates: ['site.css', 'site.js'],
  load: async () => (await import('./render-html.js')).htmlRenderer,
} as const satisfies FormatEntry;
