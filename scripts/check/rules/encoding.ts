import { lineRange, type Rule } from '../rule.js';

/** A chapter that is not UTF-8 text: binary, UTF-16 or Latin-1. A BOM and CRLF line ends are fine. */
export const encoding: Rule = {
  id: 'encoding',
  severity: 'error',
  blocking: true,
  description: 'Every chapter is UTF-8 text.',
  examples: [
    { markdown: '\ufeff# Title\r\n\r\nCafé.\r\n', expect: [] },
    // A NUL character in UTF-8 text is read as U+FFFD, as CommonMark says.
    { markdown: '# Title\n\nA \0 in text.\n', expect: [] },
    { markdown: Buffer.from('\ufeff# Title\n', 'utf16le'), expect: ['1:1'] },
    { markdown: Buffer.from('# Title\n\nCaf\xe9 in Latin-1\n', 'latin1'), expect: ['3:1'] },
    { markdown: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x00, 0x00]), expect: ['2:1'] },
  ],
  check(book, emit) {
    for (const chapter of book.chapters) {
      const problem = chapter.file.data.encoding;
      if (problem) emit(chapter.file, lineRange(chapter.file, problem.line), problem.reason);
    }
  },
};
