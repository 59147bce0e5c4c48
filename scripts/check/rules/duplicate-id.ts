import type { Position } from 'unist';
import { placeName, shown, type Rule } from '../rule.js';

// No remark-lint package looks at ids written in raw HTML.
/**
 * An id written in raw HTML (`<a id="…">`, `<div id="…">`) twice in one chapter: the outputs keep
 * the first and leave it off the later element (build-book.ts), as a browser finds only the
 * first. Or one that clashes with a heading of its chapter: a link to `#id` goes to the heading
 * (on GitHub too). The same id in another chapter is not a clash: ids are a file's own, as on
 * GitHub, and the outputs give it one of its own in the book. The HTML parser's own copies of a
 * misnested element (`<a id="x"><p>…`) carry its id too: those are left off without a word, as
 * the author wrote it once.
 */
export const duplicateId: Rule = {
  id: 'duplicate-id',
  severity: 'warning',
  description: "Every id written in raw HTML is unique in its chapter and differs from its headings' ids.",
  examples: [
    {
      markdown: '# Title\n\n<a id="here"></a>Text.\n\n<div id="there">More.</div>\n\n<b id="b"><p>Misnested.</p></b>\n',
      chapters: ['two.md'],
      files: { 'two.md': '# Two\n\n<div id="here">Its own, in another file.</div>\n\n[Back](#here)\n' },
      expect: [],
    },
    {
      markdown: '# Title\n\n## Setup\n\n<a id="setup"></a>\n\n<a id="top"></a>\n\n<p id="top">Again.</p>\n',
      expect: ['5:1', '9:1'],
    },
  ],
  check(book, emit) {
    const headingIds = new Map(book.headings.map((h) => [h.id, h]));
    for (const chapter of book.chapters) {
      const first = new Map<string, Position | undefined>();
      for (const raw of chapter.rawIds) {
        if (raw.dropped) {
          const earlier = first.get(raw.id);
          const copy = earlier?.start.offset === raw.position?.start.offset;
          const where = placeName(book, chapter.file, earlier);
          if (!copy)
            emit(
              chapter.file,
              raw.position,
              `the id "${shown(raw.id)}" is also written at ${where}: every output keeps ` +
                `that one and leaves this one off, as a browser finds only the first; rename one`,
            );
          continue;
        }
        first.set(raw.id, raw.position);
        const heading =
          chapter.headings.find((h) => h.slug === raw.id) ?? (raw.renamed ? undefined : headingIds.get(raw.id));
        if (!heading) continue;
        const where = placeName(book, book.chapters[heading.chapter]!.file, heading.node.position);
        emit(
          chapter.file,
          raw.position,
          `the heading "${shown(heading.text)}" at ${where} has the id "${shown(raw.id)}" ` +
            `too, and links to "#${shown(raw.id)}" go to it; rename this id`,
        );
      }
    }
  },
};
