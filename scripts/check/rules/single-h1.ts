import { lineRange, type Rule } from '../rule.js';

// remark-lint-no-multiple-toplevel-headings is not installed, and it allows a chapter without one.

/** Each chapter file has exactly one `#` heading, and it is its first heading (markdownlint MD025, MD041-like). */
export const singleH1: Rule = {
  id: 'single-h1',
  severity: 'error',
  description: 'Each chapter has exactly one level-1 heading, and it comes first.',
  examples: [
    { markdown: '# Title\n\nText.\n\n## Part\n', expect: [] },
    { markdown: '# One\n\n# Two\n', expect: ['3:1'] },
    { markdown: '## Part\n\n# Title\n', expect: ['1:1'] },
    { markdown: 'Just text.\n', expect: ['1:1'] },
  ],
  checkChapter(chapter, emit) {
    const first = chapter.headings[0];
    if (!first) {
      emit(lineRange(chapter.file, 1), 'this chapter has no headings; start it with a "# Title" heading');
      return;
    }
    if (first.depth !== 1) {
      emit(
        first.node.position,
        `the chapter's first heading is level ${first.depth}; start the chapter with one "# Title" heading`,
      );
    }
    const h1s = chapter.headings.filter((h) => h.depth === 1);
    for (const extra of first.depth === 1 ? h1s.slice(1) : []) {
      emit(
        extra.node.position,
        `a second level-1 heading in one chapter; make it "##" or move it into its own chapter file`,
      );
    }
  },
};
