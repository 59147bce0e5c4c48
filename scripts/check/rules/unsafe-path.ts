import { shown, type Rule } from '../rule.js';

/** An image or link that leaves the book's folder: it is never read, embedded or linked. */
export const unsafePath: Rule = {
  id: 'unsafe-path',
  severity: 'error',
  description: "Images and links stay inside the book's folder.",
  examples: [
    { markdown: '# A\n\n[Next](#a)\n', expect: [] },
    {
      markdown: '# A\n\n![x](../../etc/passwd)\n\n[y](../../etc/hosts)\n\n<img src="file:///etc/passwd" alt="z">\n',
      expect: ['3:1', '5:1', '7:1'],
    },
  ],
  check(book, emit) {
    for (const ref of book.references) {
      if (ref.status !== 'unsafe') continue;
      const what = ref.kind === 'image' ? 'image' : 'link';
      emit(
        book.chapters[ref.chapter]!.file,
        ref.position,
        `${what} "${shown(ref.written)}" points outside the book's folder; copy ` +
          `the file into the book and use a relative path`,
      );
    }
  },
};
