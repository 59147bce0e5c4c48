import type { Book, Reference } from '../../book/types.js';
import { shown, type Rule } from '../rule.js';
import { safeDecode } from '../../book/safe-decode.js';

// remark-validate-links is not installed, and it knows neither the book's chapters nor raw HTML links.
/** An internal link to a file or `#fragment` that the book does not have, in the chapter or across chapters. */
export const brokenLink: Rule = {
  id: 'broken-link',
  severity: 'error',
  description: 'Every link inside the book points at a chapter, a heading or an id that exists.',
  examples: [
    {
      markdown:
        '# Start\n\n## The Plan\n\nSee [the plan](#the-plan), [more](more.md), ' +
        '[its part](more.md#a-part) and <a href="#x">x</a>.\n\n' +
        'The [part](part/), from the [root](/more.md#a-part).\n\n<a id="x"></a>\n',
      chapters: ['more.md', 'part/README.md'],
      files: {
        'more.md': '# More\n\n## A Part\n\nBack to [the start](chapter.md#start).\n',
        'part/README.md': '# Part\n',
      },
      expect: [],
    },
    {
      markdown: '# Start\n\n[a](#nowhere) [b](more.md#no-part) [c](gone.md) [d](/gone/)\n',
      chapters: ['more.md'],
      files: { 'more.md': '# More\n\n<a href="chapter.md#nope">back</a>\n' },
      expect: ['3:1', '3:15', '3:36', '3:49', 'more.md:3:1'],
    },
  ],
  check(book, emit) {
    for (const ref of book.references) {
      if (ref.kind !== 'link' || ref.status !== 'broken') continue;
      const chapter = book.chapters[ref.chapter]!;
      emit(chapter.file, ref.position, reason(book, ref));
    }
  },
};

/** Why the link does not resolve: no such file or folder, or no such heading or id in a chapter. */
function reason(book: Book, ref: Reference): string {
  const hash = ref.url.indexOf('#');
  const file = safeDecode(hash === -1 ? ref.url : ref.url.slice(0, hash)).replace(/\?.*$/, '');
  const fragment = safeDecode(hash === -1 ? '' : ref.url.slice(hash + 1));
  const chapter = ref.target && book.chapters[ref.target.chapter];
  if (chapter) {
    const where = file === '' ? 'this chapter' : `"${shown(file)}"`;
    return (
      `link "${shown(ref.written)}": ${where} has no heading or id "${shown(fragment)}"; ` +
      `link a heading by its GitHub slug (its text in lower case, spaces as dashes, ` +
      `such as "#${example(chapter.headings)}")`
    );
  }
  const relativeTo = file.startsWith('/') ? "the book's folder" : 'this file';
  return (
    `link "${shown(ref.written)}" points at "${shown(file)}", which does not ` +
    `exist; fix the path (it is relative to ${relativeTo})`
  );
}

function example(headings: Book['headings']): string {
  return headings.find((h) => h.depth > 1 && h.slug)?.slug ?? headings[0]?.slug ?? 'a-heading';
}
