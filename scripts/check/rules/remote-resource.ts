import { exampleImages } from './example-images.js';
import { shown, type Rule } from '../rule.js';

// No installed remark-lint package knows that the build runs without the network.
/** An image on the web: the build never downloads, so the outputs show its alt text as a link to it. */
export const remoteResource: Rule = {
  id: 'remote-resource',
  severity: 'warning',
  description: 'Images are files of the book, not addresses on the web.',
  examples: [
    {
      markdown: '# Title\n\n![Logo](logo.png) and [a page](https://example.org/)\n',
      files: { 'logo.png': exampleImages.png },
      expect: [],
    },
    {
      markdown: '# Title\n\n![Logo](https://example.org/logo.png)\n\n<img src="//cdn.example.org/a.png" alt="A">\n',
      expect: ['3:1', '5:1'],
    },
  ],
  check(book, emit) {
    for (const ref of book.references) {
      if (ref.kind !== 'image' || ref.status !== 'remote') continue;
      emit(
        book.chapters[ref.chapter]!.file,
        ref.position,
        `image "${shown(ref.written)}" is on the web, and the build does not download ` +
          `it: the outputs show its alt text as a link instead; save the image in ` +
          `the book's folder and use its relative path`,
      );
    }
  },
};
