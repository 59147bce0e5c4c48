import path from 'node:path';
import type { Book, Chapter } from '../book/types.js';
import { chapterOutline, type Section } from './outline.js';

/** The reading speed behind the estimated reading times. */
export const wordsPerMinute = 230;

/** The figures of one stretch of the book: its words, minutes to read them, and empty sections. */
export interface Figures {
  readonly words: number;
  readonly minutes: number;
  readonly emptySections: number;
}

/** A section's figures, its subsections' included. */
export interface SectionStats extends Figures {
  readonly depth: number;
  readonly title: string;
  readonly line: number;
}

/** A chapter's figures, and those of its sections to book.yaml's `toc.depth`. */
export interface ChapterStats extends Figures {
  readonly file: string;
  readonly title: string;
  readonly sections: readonly SectionStats[];
}

/** How far the draft has come: the outline with words, reading time and empty sections, and the totals. */
export interface BookStats {
  readonly title: string;
  readonly chapters: readonly ChapterStats[];
  readonly totals: Figures & { readonly chapters: number; readonly headings: number };
}

/** The figures of `check --stats`, from the Book model. */
export function bookStats(book: Book): BookStats {
  const chapters = book.chapters.map((chapter) => chapterStats(book, chapter));
  const words = chapters.reduce((n, c) => n + c.words, 0);
  const totals = {
    chapters: chapters.length,
    headings: book.headings.length,
    words,
    minutes: minutes(words),
    emptySections: chapters.reduce((n, c) => n + c.emptySections, 0),
  };
  return { title: book.config.title, chapters, totals };
}

function chapterStats(book: Book, chapter: Chapter): ChapterStats {
  const { preambleWords, sections } = chapterOutline(chapter, true);
  const words = preambleWords + sections.reduce((n, s) => n + s.ownWords, 0);
  const emptySections = sections.filter((s) => s.empty).length;
  // The chapter's own title is the chapter's row; its sections follow, to the depth of the contents.
  const listed = sections
    .map((section, index) => ({ section, index }))
    .filter(
      ({ section, index }) =>
        section.heading.depth <= book.config.toc.depth && !(index === 0 && section.heading.depth === 1),
    );
  return {
    file: path.relative(book.config.root, chapter.file.path).split(path.sep).join('/'),
    title: chapter.title,
    words,
    minutes: minutes(words),
    emptySections,
    sections: listed.map(({ section, index }) => sectionStats(sections, index, section)),
  };
}

/** A section with everything under it, up to the next heading of its level or higher. */
function sectionStats(sections: readonly Section[], index: number, section: Section): SectionStats {
  let words = section.ownWords;
  let emptySections = section.empty ? 1 : 0;
  for (const next of sections.slice(index + 1)) {
    if (next.heading.depth <= section.heading.depth) break;
    words += next.ownWords;
    if (next.empty) emptySections++;
  }
  const line = section.heading.node.position?.start.line ?? 1;
  return {
    depth: section.heading.depth,
    title: section.heading.text,
    line,
    words,
    minutes: minutes(words),
    emptySections,
  };
}

/** Whole minutes to read so many words, rounded up (a few words still take a minute). */
function minutes(words: number): number {
  return Math.ceil(words / wordsPerMinute);
}
