import { visit } from 'unist-util-visit';
import type { Rule } from '../rule.js';

/** Elements whose content HTML parsers read as text up to their end tag: left open, they take the rest of the chapter. */
const swallowing = /<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)(?=[\s>/])[^>]*>/gi;

// remark-lint has no rule for raw HTML that never closes.
/**
 * Raw HTML that opens an element whose content is read as text (`<textarea>`, `<script>`,
 * `<noscript>`, …) and never closes it: a browser, and every output, would turn the rest of the
 * chapter into that element's content, its headings and text lost.
 */
export const unclosedHtml: Rule = {
  id: 'unclosed-html',
  severity: 'error',
  description: 'Raw HTML closes every element whose content is read as text, so the Markdown after it stays Markdown.',
  examples: [
    { markdown: '# Title\n\n<textarea>notes</textarea>\n\n<noscript>\nNo script.\n</noscript>\n\n## Next\n', expect: [] },
    { markdown: '# Title\n\nText <textarea> here.\n\n## Next\n\n<xmp>\n\n<plaintext>\n', expect: ['3:6', '7:1', '9:1'] },
  ],
  check(book, emit) {
    for (const chapter of book.chapters) {
      const text = String(chapter.file.value);
      visit(chapter.mdast, 'html', (node) => {
        const start = node.position?.start.offset;
        if (start === undefined) return;
        for (const match of node.value.matchAll(swallowing)) {
          const tag = match[1]!.toLowerCase();
          const at = start + match.index;
          if (tag !== 'plaintext' && new RegExp(`</${tag}\\s*>`, 'i').test(text.slice(at + match[0].length))) continue;
          const place = offsetToPosition(text, at, at + match[0].length);
          const how = tag === 'plaintext' ? 'it cannot be closed: use <pre> instead' : `close it with </${tag}>`;
          emit(chapter.file, place, `<${tag}> is never closed, so every output would read the rest of the chapter as its content, headings and text lost; ${how}`);
        }
      });
    }
  },
};

/** Line and column (1-based) of a range of offsets in the text. */
function offsetToPosition(text: string, start: number, end: number) {
  const point = (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n'), offset };
  };
  return { start: point(start), end: point(end) };
}
