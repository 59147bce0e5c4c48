import { maxPhrasingDepth } from '../../book/syntax/phrasing-depth.js';
import { reportRepairs, type Rule } from '../rule.js';

const deep = (levels: number): string => `${'*a **b '.repeat(levels / 2)}c${' d** e*'.repeat(levels / 2)}`;

// remark-lint cannot do this one: the tree must be flattened inside the parse, before GFM's own
// transforms walk it.
/**
 * Emphasis, strong emphasis, strikethrough and links nested deeper than 64 levels: the parse keeps
 * their text and drops the marks past that depth (syntax/phrasing-depth.ts), and this says where.
 */
export const phrasingDepth: Rule = {
  id: 'phrasing-depth',
  severity: 'warning',
  description:
    `Emphasis, strikethrough and links nest at most ${maxPhrasingDepth} levels ` +
    `deep; past that their text is kept without its marks.`,
  examples: [
    { markdown: `# Title\n\n${deep(maxPhrasingDepth)}\n`, expect: [] },
    { markdown: `# Title\n\n${deep(maxPhrasingDepth + 2)}\n`, expect: [`3:${7 * (maxPhrasingDepth / 2) + 1}`] },
  ],
  check: reportRepairs('phrasing-depth'),
};
