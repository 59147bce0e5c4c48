import { reportRepairs, type Rule } from '../rule.js';

// remark-lint has no rule for raw HTML that never closes.
/**
 * Raw HTML that would take in the rest of the chapter: an element whose content is read as text
 * (`<textarea>`, `<script>`, `<noscript>`, …) never closed, or an HTML block (a comment, `<pre>`,
 * `<?…`) that never ends. In a browser the rest of the chapter would become its content, headings
 * and all; the parse closes each at the end of its block (parse-chapter.ts), and this rule says
 * where and how to close it.
 */
export const unclosedHtml: Rule = {
  id: 'unclosed-html',
  severity: 'warning',
  description:
    'Raw HTML closes every element whose content is read as text, and every ' +
    'HTML block ends, so the Markdown after it stays Markdown.',
  examples: [
    {
      markdown: '# Title\n\n<textarea>notes</textarea>\n\n<noscript>\nNo script.\n</noscript>\n\n## Next\n',
      expect: [],
    },
    {
      markdown: '# Title\n\nText <textarea> here.\n\n## Next\n\n<xmp>\n\n<plaintext>\n\n<!-- a note\n\n## Last\n',
      expect: ['3:6', '7:1', '9:1', '11:1'],
    },
  ],
  check: reportRepairs('unclosed-html'),
};
