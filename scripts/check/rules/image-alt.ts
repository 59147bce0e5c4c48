import { exampleImages } from './example-images.js';
import { shown, type Rule } from '../rule.js';

// remark-lint has no installed package for this, and none sees raw HTML images.
/**
 * An image without alt text, in Markdown or raw HTML: readers who cannot see it get nothing, nor do outputs that cannot
 * show it.
 */
export const imageAlt: Rule = {
  id: 'image-alt',
  severity: 'warning',
  description: 'Every image has alt text that says what it shows.',
  examples: [
    {
      markdown:
        '# Title\n\n![A blue square](a.png)\n\n<img src="b.png" alt="A diagram">\n\n<picture>\n<source ' +
        'media="(prefers-color-scheme: dark)" srcset="a.png">\n<img src="b.png" ' +
        'alt="A logo">\n</picture>\n',
      files: { 'a.png': exampleImages.png, 'b.png': exampleImages.png },
      expect: [],
    },
    {
      markdown: '# Title\n\n![](a.png)\n\n<img src="b.png">\n\n<img src="c.png" alt=" ">\n',
      files: { 'a.png': exampleImages.png, 'b.png': exampleImages.png, 'c.png': exampleImages.png },
      expect: ['3:1', '5:1', '7:1'],
    },
  ],
  check(book, emit) {
    for (const ref of book.references) {
      // A `<picture>`'s `<source>` is named by the picture's `<img>`.
      if (ref.kind !== 'image' || ref.element.tagName === 'source') continue;
      const alt = ref.element.properties.alt;
      if (typeof alt === 'string' && alt.trim() !== '') continue;
      emit(
        book.chapters[ref.chapter]!.file,
        ref.position,
        `image "${shown(ref.written)}" has no alt text; say what it shows, ![what ` +
          `it shows](${shown(ref.written)}) or alt="what it shows", for readers who cannot see it`,
      );
    }
  },
};
