import type { Nodes } from 'mdast';
import type { Point, Position } from 'unist';
import { shown, type Rule } from '../rule.js';

/** Punctuation that ends sentences, not titles (markdownlint MD026's default set; `?` is fine). */
const punctuation = /[.,;:!。，；：！]+$/;

// remark-lint-no-heading-punctuation is not installed; this one also points at the punctuation itself.
/** A heading that ends in `.`, `,`, `;`, `:` or `!` (or their full-width forms), as markdownlint MD026. */
export const headingPunctuation: Rule = {
  id: 'heading-punctuation',
  severity: 'warning',
  description: 'Headings do not end in punctuation: they are titles, not sentences.',
  examples: [
    { markdown: '# Title\n\n## What is it?\n\n## C# and F#\n', expect: [] },
    { markdown: '# Title.\n\n## Part:\n\nSetext!\n-------\n\n## Done. ##\n', expect: ['1:8', '3:8', '5:7', '8:8'] },
  ],
  check(book, emit) {
    for (const heading of book.headings) {
      const found = punctuation.exec(heading.text);
      if (!found) continue;
      emit(
        book.chapters[heading.chapter]!.file,
        placeOfEnd(heading.node, found[0].length),
        `heading "${shown(heading.text)}" ends in "${found[0]}"; remove it: a heading is a title, not a sentence`,
      );
    }
  },
};

/** The last `length` characters of a heading's text, where its last text node ends. */
function placeOfEnd(node: Nodes, length: number): Position | undefined {
  let last: Nodes | undefined = node;
  while (last && 'children' in last && last.children.length > 0)
    last = last.children[last.children.length - 1] as Nodes;
  const end: Point | undefined = last?.position?.end;
  if (!end || !last || last.type !== 'text' || end.column - length < 1) return node.position;
  return { start: { line: end.line, column: end.column - length }, end };
}
