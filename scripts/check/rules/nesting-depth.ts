import { maxNesting } from '../../book/nesting-depth.js';
import type { Rule } from '../rule.js';

const deep = (levels: number): string => `${'> '.repeat(levels)}Deep.\n`;

// remark-lint cannot do this one: it runs after the parser, which is what must be spared.
/** Lists or blockquotes nested deeper than 64 levels: found by a line scan before parsing, and the chapter is not parsed. */
export const nestingDepth: Rule = {
  id: 'nesting-depth',
  severity: 'error',
  blocking: true,
  description: `Lists and blockquotes nest at most ${maxNesting} levels deep.`,
  examples: [
    { markdown: `# Title\n\n${deep(maxNesting)}`, expect: [] },
    { markdown: `# Title\n\n${deep(maxNesting + 1)}`, expect: [`3:${2 * maxNesting + 1}`] },
    {
      markdown: `# Title\n\n${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n')}\n`,
      expect: [`${maxNesting + 3}:${2 * maxNesting + 1}`],
    },
  ],
  check(book, emit) {
    for (const chapter of book.chapters) {
      const found = chapter.file.data.tooDeep;
      if (!found) continue;
      emit(
        chapter.file,
        { start: { line: found.line, column: found.column }, end: { line: found.line, column: found.column + 1 } },
        `lists or blockquotes nest ${found.depth} levels deep here, more than ${maxNesting}; flatten them (this chapter is not checked or built until then)`,
      );
    }
  },
};
