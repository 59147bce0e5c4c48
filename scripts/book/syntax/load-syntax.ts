import type { Pluggable } from 'unified';
import { withoutCode } from '../without-code.js';
import type { cutFrontMatter, placeFrontMatter } from './front-matter.js';
import type { renderMath, Temml } from './math.js';

/**
 * The syntax beyond CommonMark and GFM that GitHub reads, each part loaded only for a book whose
 * text may use it: front matter, math (with Temml, which renders it) and emoji shortcodes.
 * Whether a chapter may use a part is read from its text alone, so a chapter parses the same
 * whatever the other chapters hold (its parse is cached by its text).
 */
export interface Syntax {
  readonly frontMatter?: { readonly cut: typeof cutFrontMatter; readonly place: typeof placeFrontMatter };
  readonly math?: { readonly remark: Pluggable; readonly temml: Temml; readonly render: typeof renderMath };
  readonly emoji?: Pluggable;
}

/** Whether a chapter may open with front matter: a first line of `---` (YAML) or `+++` (TOML, as Hugo writes it). */
export function mayHaveFrontMatter(text: string): boolean {
  return /^\uFEFF?(?:---|\+\+\+)[ \t]*\r?\n/.test(text);
}

/**
 * Whether a chapter may hold math: a fence whose language is `math`, or outside code a `$` that
 * can open math (`$x`, `$$`, `` $` ``; `withoutCode` keeps `` $`…`$ ``'s dollars).
 */
export function mayHoldMath(text: string): boolean {
  if (/^[ \t>]*(?:`{3,}|~{3,})[ \t]*math\b/im.test(text)) return true;
  return text.includes('$') && /\$\S/.test(withoutCode(text));
}

/** GitHub's shortcode (`:tada:`, `:+1:`), as remark-gemoji finds it, outside code. */
export function mayHoldEmoji(text: string): boolean {
  return /:(?:\+1|[-\w]+):/.test(text) && /:(?:\+1|[-\w]+):/.test(withoutCode(text));
}

/** Loads the parts of the syntax that any of these chapters' texts may use. */
export async function loadSyntax(texts: readonly string[]): Promise<Syntax> {
  const [frontMatter, math, emoji] = await Promise.all([
    texts.some(mayHaveFrontMatter)
      ? import('./front-matter.js').then((own) => ({ cut: own.cutFrontMatter, place: own.placeFrontMatter }))
      : undefined,
    texts.some(mayHoldMath)
      ? Promise.all([import('./math-syntax.js'), import('temml'), import('./math.js')]).then(
          ([syntax, temml, own]) => ({ remark: syntax.remarkMathSyntax, temml: temml.default, render: own.renderMath }),
        )
      : undefined,
    texts.some(mayHoldEmoji) ? import('remark-gemoji').then((m): Pluggable => m.default) : undefined,
  ]);
  return { ...(frontMatter && { frontMatter }), ...(math && { math }), ...(emoji && { emoji }) };
}
