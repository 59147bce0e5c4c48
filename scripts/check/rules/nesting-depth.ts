import { maxNesting } from '../../book/nesting-depth.js';
import { reportRepairs, type Rule } from '../rule.js';

const deep = (levels: number): string => `${'> '.repeat(levels)}Deep.\n`;

// remark-lint cannot do this one: it runs after the parser, which is what must be spared.
/**
 * Lists or blockquotes nested deeper than 64 levels: found by a line scan before parsing, which
 * escapes the markers past that depth so that they are read as text (nesting-depth.ts).
 */
export const nestingDepth: Rule = {
  id: 'nesting-depth',
  severity: 'warning',
  description:
    `Lists and blockquotes nest at most ${maxNesting} levels deep; past that ` + `their markers are read as text.`,
  examples: [
    { markdown: `# Title\n\n${deep(maxNesting)}`, expect: [] },
    { markdown: `# Title\n\n${deep(maxNesting + 1)}`, expect: [`3:${2 * maxNesting + 1}`] },
    {
      markdown: `# Title\n\n${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n')}\n`,
      expect: [`${maxNesting + 3}:${2 * maxNesting + 1}`],
    },
  ],
  check: reportRepairs('nesting-depth'),
};
