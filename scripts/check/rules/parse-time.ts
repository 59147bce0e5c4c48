import type { Rule } from '../rule.js';

// remark-lint cannot do this one: it runs after the parser, which is what must be stopped.
/**
 * A chapter whose parse did not end by its deadline (book/parse-deadline.ts): it is parsed as
 * empty, and this rule says where the parser is slow and what makes it so.
 */
export const parseTime: Rule = {
  id: 'parse-time',
  severity: 'error',
  blocking: true,
  description:
    "Every chapter parses within its deadline (book.yaml's check.parse-timeout, else 10 s and 5 s more a 100 kB).",
  examples: [
    {
      markdown: '# Title\n\nText with *emphasis* and [a link](#title).\n',
      config: 'check:\n  parse-timeout: 5\n',
      expect: [],
    },
    // 42 KB of nested emphasis: linear, but more than 0.05 s of parsing.
    {
      markdown: `# Title\n\n${'*a **a '.repeat(3000)}b${' a** a*'.repeat(3000)}\n`,
      config: 'check:\n  parse-timeout: 0.05\n',
      expect: ['3:1'],
    },
  ],
  check(book, emit) {
    for (const chapter of book.chapters) {
      const slow = chapter.file.data.tooSlow;
      if (!slow) continue;
      emit(
        chapter.file,
        { start: { line: slow.line, column: slow.column }, end: { line: slow.line, column: slow.column + 1 } },
        `the parser did not finish this chapter within ${slow.seconds} s; it is ` +
          `slowest here, on ${slow.construct}: break the paragraph up or put the text ` +
          `in a code block (or raise check.parse-timeout in book.yaml); this chapter ` +
          `is not checked or built until then`,
      );
    }
  },
};
