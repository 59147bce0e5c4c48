import type { Rule } from '../rule.js';

// remark-lint-heading-increment is not installed; the Book model has the headings already.

/** A heading more than one level deeper than the one before it (markdownlint MD001). */
export const headingIncrement: Rule = {
  id: 'heading-increment',
  severity: 'error',
  description: 'Headings go down one level at a time.',
  examples: [
    { markdown: '# A\n\n## B\n\n### C\n\n## D\n', expect: [] },
    { markdown: '# A\n\n### C\n\n#### D\n\n###### F\n', expect: ['3:1', '7:1'] },
  ],
  check(book, emit) {
    for (const chapter of book.chapters) {
      let previous: number | undefined;
      for (const heading of chapter.headings) {
        if (previous !== undefined && heading.depth > previous + 1) {
          emit(
            chapter.file,
            heading.node.position,
            `heading level ${heading.depth} follows level ${previous}; use ${'#'.repeat(previous + 1)} (level ${previous + 1}) or add the missing level`,
          );
        }
        previous = heading.depth;
      }
    }
  },
};
