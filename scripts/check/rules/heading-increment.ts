import type { Element } from 'hast';
import { treeIndex } from '../../book/tree-index.js';
import type { Chapter } from '../../book/types.js';
import type { Rule } from '../rule.js';

// remark-lint-heading-increment is not installed; the Book model has the headings already.

/**
 * A heading more than one level deeper than the one before it (markdownlint MD001), Markdown or
 * raw HTML (`<h3>`): the outputs keep the author's levels, so the skip is the author's to mend.
 */
export const headingIncrement: Rule = {
  id: 'heading-increment',
  severity: 'error',
  description: 'Headings go down one level at a time.',
  examples: [
    { markdown: '# A\n\n## B\n\n### C\n\n## D\n\n<h3>E</h3>\n', expect: [] },
    { markdown: '# A\n\n### C\n\n#### D\n\n###### F\n', expect: ['3:1', '7:1'] },
    { markdown: '# A\n\n<h3 align="center">C</h3>\n\n## D\n', expect: ['3:1'] },
  ],
  checkChapter(chapter, emit) {
    let previous: number | undefined;
    for (const { depth, raw, position } of headingSequence(chapter)) {
      if (previous !== undefined && depth > previous + 1) {
        const fix = raw ? `<h${previous + 1}>` : '#'.repeat(previous + 1);
        const reason =
          `heading level ${depth} follows level ${previous}; use ${fix} (level ${previous + 1}) ` +
          `or add the missing level`;
        emit(position, reason);
      }
      previous = depth;
    }
  },
};

/** The chapter's headings in reading order, those of its raw HTML among them. */
function headingSequence(chapter: Chapter): { depth: number; raw: boolean; position: Element['position'] }[] {
  const markdown = new Set(chapter.headings.map((heading) => heading.node.position?.start.offset));
  return treeIndex(chapter.hast).headings.map((element) => ({
    depth: Number(element.tagName[1]),
    raw: !markdown.has(element.position?.start.offset),
    position: element.position,
  }));
}
