/**
 * The class names of the print document that the build writes and then finds again in the
 * browser, on the other side of `page.evaluate`: both sides take them from here. `chapter` and
 * `toc` are the shared sections' and contents' classes (book-sections.ts, toc.ts); `tocText` and
 * `tocPage` are the contents' entries, which print.css styles too.
 */
export const printClass = {
  chapter: 'chapter',
  toc: 'toc',
  tocText: 'toc-text',
  tocPage: 'toc-page',
  pageMark: 'page-mark',
  chapterMark: 'chapter-mark',
  placeMark: 'place-mark',
  blankPage: 'blank-page',
  notePool: 'page-note-pool',
  note: 'page-note',
  noteNumber: 'page-note-number',
  noteArea: 'page-notes',
  noteList: 'page-notes-list',
  noteContinued: 'page-note-continued',
} as const;

export type PrintClasses = typeof printClass;
