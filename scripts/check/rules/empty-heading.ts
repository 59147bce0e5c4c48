import type { Rule } from '../rule.js';

// No remark-lint package for this is installed; a heading is empty when its text is.
/** A heading with no text: an empty line in every table of contents. */
export const emptyHeading: Rule = {
  id: 'empty-heading',
  severity: 'error',
  description: 'Every heading has text.',
  examples: [
    { markdown: '# Title\n\n## Part\n', expect: [] },
    { markdown: '# Title\n\n##\n\n### ###\n\n#### \n', expect: ['3:1', '5:1', '7:1'] },
  ],
  check(book, emit) {
    for (const heading of book.headings) {
      if (heading.text !== '') continue;
      emit(
        book.chapters[heading.chapter]!.file,
        heading.node.position,
        'this heading has no text, so it shows as an empty line in the table of ' +
          'contents; write its title or remove the line',
      );
    }
  },
};
