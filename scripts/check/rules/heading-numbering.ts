import { shown, type Rule } from '../rule.js';

/** Outline numbering at the start of a heading: "1.", "1.2", "1.2.", "1)", "b.", "B)", "IV.", "iv)". */
const numbering = /^(\d+(\.\d+)*[.)]|\d+(\.\d+)+|[A-Za-z][.)]|[IVXLCDM]+[.)]|[ivxlcdm]+[.)])(?=\s)/;

// No installed remark-lint package does this one.
/** Leftover outline numbering at the start of a heading, such as "b. Inheritance" or "1.2 Scope". */
export const headingNumbering: Rule = {
  id: 'heading-numbering',
  severity: 'warning',
  description: 'Headings carry no outline numbering of their own.',
  examples: [
    { markdown: '# Title\n\n## 2024 in Review\n\n## Python 3.12\n\n## A Plan\n', expect: [] },
    {
      markdown: '# Title\n\n## 1. Start\n\n### 1.2 Scope\n\n### b. Inheritance\n\n## IV. Last\n',
      expect: ['3:1', '5:1', '7:1', '9:1'],
    },
  ],
  check(book, emit) {
    for (const heading of book.headings) {
      const found = numbering.exec(heading.text);
      if (!found) continue;
      emit(
        book.chapters[heading.chapter]!.file,
        heading.node.position,
        `heading "${shown(heading.text)}" starts with the outline number "${found[0]}"; ` +
          `remove it: the numbers would go stale as sections move, and the table of ` +
          `contents orders the headings itself`,
      );
    }
  },
};
