import { shown, type Rule } from '../rule.js';

/**
 * A link to a file or folder of the book's folder that is not a chapter (a translation, a source
 * file, a folder), with no `repository` in book.yaml to link it on the web: the outputs show its text.
 */
export const nonChapterLink: Rule = {
  id: 'non-chapter-link',
  severity: 'warning',
  description: "A link to a file of the book's folder that is not a chapter goes to the repository on the web.",
  examples: [
    {
      markdown: '# Start\n\nSee [the code](src/main.py), [the tests](src/) and [the licence](/LICENSE).\n',
      files: { 'src/main.py': 'print(1)\n', LICENSE: 'MIT\n' },
      config: 'repository: {url: "https://example.org/owner/book"}\n',
      expect: [],
    },
    {
      markdown: '# Start\n\nSee [the code](src/main.py) and [the tests](src/).\n',
      files: { 'src/main.py': 'print(1)\n' },
      expect: ['3:5', '3:33'],
    },
  ],
  check(book, emit) {
    for (const ref of book.references) {
      if (ref.status !== 'unlinked' || !ref.file) continue;
      const what = ref.folder ? 'a folder' : 'a file';
      emit(
        book.chapters[ref.chapter]!.file,
        ref.position,
        `link "${shown(ref.written)}" goes to ${what} of the book's folder that ` +
          `is not a chapter, so the outputs show only its text; ` +
          "set book.yaml's repository: {url: …} to link it to the repository on the web, or add it to chapters",
      );
    }
  },
};
