import { chapterOutline } from '../outline.js';
import { shown, type Rule } from '../rule.js';

// No installed remark-lint package does this one.
/**
 * A heading with nothing under it: no text before the next heading of the same or a higher level, and no subsections.
 */
export const emptySection: Rule = {
  id: 'empty-section',
  severity: 'warning',
  description: 'Every section has text or subsections.',
  examples: [
    { markdown: '# Title\n\n## Part\n\nText.\n\n## Next\n\n### Sub\n\nMore.\n', expect: [] },
    { markdown: '# Title\n\n## Part\n\n<!-- to do -->\n\n## Next\n\nText.\n\n## Last\n', expect: ['3:1', '11:1'] },
  ],
  checkChapter(chapter, emit) {
    for (const section of chapterOutline(chapter).sections) {
      // An empty heading is reported by `empty-heading` alone.
      if (!section.empty || section.heading.text === '') continue;
      emit(
        section.heading.node.position,
        `the section "${shown(section.heading.text)}" is empty (no text, no subsections); ` +
          `write it, or remove the heading until it is written`,
      );
    }
  },
};
