import type { Heading } from '../../book/types.js';
import { placeName, shown, type Rule } from '../rule.js';

// remark-lint-no-duplicate-headings is not installed, and it looks at one file, not the whole book.
/**
 * The same heading text twice in the book (markdownlint MD024, across chapters): readers cannot tell the two apart in
 * the contents.
 */
export const duplicateHeading: Rule = {
  id: 'duplicate-heading',
  severity: 'warning',
  description: 'No two headings of the book have the same text.',
  examples: [
    { markdown: '# Title\n\n## Setup\n\n## Setup again\n', expect: [] },
    { markdown: '# Title\n\n## Setup\n\n## setup\n', expect: ['5:1'] },
    {
      markdown: '# One\n\n## Conclusion\n',
      chapters: ['two.md'],
      files: { 'two.md': '# Two\n\n## Conclusion\n' },
      expect: ['two.md:3:1'],
    },
  ],
  check(book, emit) {
    const first = new Map<string, Heading>();
    // Where each first heading is, said once however many repeat it.
    const places = new Map<Heading, string>();
    for (const heading of book.headings) {
      if (heading.text === '') continue;
      const key = heading.text.toLowerCase().replace(/\s+/g, ' ');
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, heading);
        continue;
      }
      let where = places.get(earlier);
      if (where === undefined)
        places.set(earlier, (where = placeName(book, book.chapters[earlier.chapter]!.file, earlier.node.position)));
      emit(
        book.chapters[heading.chapter]!.file,
        heading.node.position,
        `the heading "${shown(heading.text)}" is also at ${where}; give one of ` +
          `them a title that says how they differ, such as the chapter's subject`,
      );
    }
  },
};
