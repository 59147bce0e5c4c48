import { reportRepairs, type Rule } from '../rule.js';

/**
 * Front matter (`---` … `---` at a chapter's top) that is not YAML: no format prints it, and its title is not used
 * (syntax/front-matter.ts).
 */
export const frontMatter: Rule = {
  id: 'front-matter',
  severity: 'warning',
  description: "A chapter's front matter is YAML, so that its title can name the chapter.",
  examples: [
    { markdown: '---\ntitle: From the front matter\ntags: [a, b]\n---\n\nText.\n', expect: [] },
    { markdown: '---\ntitle: [unclosed\n---\n\n# Title\n\nText.\n', expect: ['2:17'] },
  ],
  check: reportRepairs('front-matter'),
};
