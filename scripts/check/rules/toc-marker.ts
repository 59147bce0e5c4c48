import type { Position } from 'unist';
import { placeName, type Rule } from '../rule.js';
import { sourceLines } from '../source-lines.js';

// A `[TOC]` marker is this book's own convention: no remark-lint package knows it.
/**
 * A `[TOC]` that makes no table of contents: one after the first (it is dropped), or one inside other text (it is
 * removed).
 */
export const tocMarker: Rule = {
  id: 'toc-marker',
  severity: 'warning',
  description: 'The book has one [TOC] marker, alone in its paragraph.',
  examples: [
    { markdown: '# Title\n\n[TOC]\n\nText.\n', expect: [] },
    {
      markdown: '# Title\n\nSee the [TOC] here.\n\n[TOC]\n',
      chapters: ['two.md'],
      files: { 'two.md': '# Two\n\n[TOC]\n' },
      expect: ['3:9', 'two.md:3:1'],
    },
  ],
  check(book, emit) {
    const first = book.tocMarkers.find((marker) => marker.alone);
    for (const marker of book.tocMarkers) {
      if (marker === first) continue;
      const file = book.chapters[marker.chapter]!.file;
      if (marker.alone) {
        emit(
          file,
          marker.position,
          `this [TOC] is dropped: the book has one table of contents, ` +
            `at ${placeName(book, book.chapters[first!.chapter]!.file, first!.position)}; remove this one`,
        );
      } else {
        emit(
          file,
          markerPlace(sourceLines(file), marker.position),
          '[TOC] inside other text is removed and makes no table of contents; put it alone in a paragraph of its own',
        );
      }
    }
  },
};

/** Where `[TOC]` is written in its paragraph, or the paragraph when it cannot be found (written with escapes). */
function markerPlace(lines: readonly string[], paragraph: Position | undefined): Position | undefined {
  if (!paragraph) return undefined;
  for (let line = paragraph.start.line; line <= paragraph.end.line; line++) {
    const column =
      (lines[line - 1] ?? '').indexOf('[TOC]', line === paragraph.start.line ? paragraph.start.column - 1 : 0) + 1;
    if (column > 0) return { start: { line, column }, end: { line, column: column + 5 } };
  }
  return paragraph;
}
