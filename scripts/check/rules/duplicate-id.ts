import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { placeName, shown, type Rule } from '../rule.js';

// No remark-lint package looks at ids written in raw HTML.
/**
 * An id written in raw HTML (`<a id="…">`, `<div id="…">`) that clashes with another such id
 * anywhere in the book (the PDF is one document): the outputs keep the first and leave it off
 * the later element (build-book.ts), as a browser finds only the first. Or one that clashes with
 * a heading of its chapter: a link to `#id` goes to the heading (on GitHub too), and the
 * outputs' heading ids are taken book-wide. The HTML parser's own copies of a misnested element
 * (`<a id="x"><p>…`) carry its id too: those are left off without a word, as the author wrote it once.
 */
export const duplicateId: Rule = {
  id: 'duplicate-id',
  severity: 'warning',
  description: 'Every id written in raw HTML is unique in the book and differs from the headings\' ids.',
  examples: [
    { markdown: '# Title\n\n<a id="here"></a>Text.\n\n<div id="there">More.</div>\n\n<b id="b"><p>Misnested.</p></b>\n', expect: [] },
    {
      markdown: '# Title\n\n## Setup\n\n<a id="setup"></a>\n\n<a id="top"></a>\n',
      chapters: ['two.md'],
      files: { 'two.md': '# Two\n\n<div id="top">Again.</div>\n' },
      expect: ['5:1', 'two.md:3:1'],
    },
  ],
  check(book, emit) {
    const seen = new Map<string, { file: VFile; position: Position | undefined }>();
    const headingIds = new Map(book.headings.map((h) => [h.id, h]));
    for (const chapter of book.chapters) {
      for (const raw of chapter.rawIds) {
        const heading = chapter.headings.find((h) => h.slug === raw.id) ?? headingIds.get(raw.id);
        const earlier = seen.get(raw.id);
        if (earlier) {
          const copy = earlier.file === chapter.file && earlier.position?.start.offset === raw.position?.start.offset;
          const where = placeName(book, earlier.file, earlier.position);
          if (!copy) emit(chapter.file, raw.position, `the id "${shown(raw.id)}" is also written at ${where}: every output keeps that one and leaves this one off, as ids are unique in a book; rename one`);
        } else if (heading) {
          const where = placeName(book, book.chapters[heading.chapter]!.file, heading.node.position);
          emit(chapter.file, raw.position, `the heading "${shown(heading.text)}" at ${where} has the id "${shown(raw.id)}" too, and links to "#${shown(raw.id)}" go to it; rename this id`);
        }
        if (!earlier) seen.set(raw.id, { file: chapter.file, position: raw.position });
      }
    }
  },
};
