import type { Pluggable } from 'unified';
import { mayHaveFrontMatter } from './front-matter.js';
import { mayHoldMath, type Temml } from './math.js';

/**
 * The syntax beyond CommonMark and GFM that GitHub reads, each part loaded only for a book whose
 * text may use it: front matter, math (with Temml, which renders it) and emoji shortcodes.
 * Whether a chapter may use a part is read from its text alone, so a chapter parses the same
 * whatever the other chapters hold (its parse is cached by its text).
 */
export interface Syntax {
  readonly frontMatter?: Pluggable;
  readonly math?: { readonly remark: Pluggable; readonly temml: Temml };
  readonly emoji?: Pluggable;
}

/** GitHub's shortcode (`:tada:`, `:+1:`), as remark-gemoji finds it. */
export function mayHoldEmoji(text: string): boolean {
  return /:(?:\+1|[-\w]+):/.test(text);
}

/** Loads the parts of the syntax that any of these chapters' texts may use. */
export async function loadSyntax(texts: readonly string[]): Promise<Syntax> {
  const [frontMatter, math, emoji] = await Promise.all([
    texts.some(mayHaveFrontMatter) ? import('remark-frontmatter').then((m): Pluggable => [m.default, ['yaml', 'toml']]) : undefined,
    texts.some(mayHoldMath)
      ? Promise.all([import('./math-syntax.js'), import('temml')]).then(([syntax, temml]) => ({ remark: syntax.remarkMathSyntax, temml: temml.default }))
      : undefined,
    texts.some(mayHoldEmoji) ? import('remark-gemoji').then((m): Pluggable => m.default) : undefined,
  ]);
  return { ...(frontMatter && { frontMatter }), ...(math && { math }), ...(emoji && { emoji }) };
}
