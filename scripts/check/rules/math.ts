import { reportRepairs, type Rule } from '../rule.js';

/**
 * TeX that Temml cannot read, at its place: the outputs show it as code (syntax/math.ts). A dollar
 * sign that is not math never gets here unless it pairs with another as GitHub pairs them.
 */
export const math: Rule = {
  id: 'math',
  severity: 'warning',
  description: 'Every formula ($…$, $$…$$, $`…`$, a ```math fence) is TeX that can be typeset.',
  examples: [
    { markdown: '# Title\n\nThe sum $\\sum_{i=1}^n i$ costs $5 and $10.\n\n```math\n\\frac{1}{2}\n```\n', expect: [] },
    {
      markdown:
        '# Title\n\nA formula $\\frac{a}{b$ here.\n\n$$\n\\begin{matrix} a \\end{pmatrix}\n$$\n\n' +
        '```math\n\\undefinedmacro{x}\n```\n',
      expect: ['3:22', '6:18', '10:1'],
    },
  ],
  check: reportRepairs('math'),
};
