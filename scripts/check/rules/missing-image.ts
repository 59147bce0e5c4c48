import { exampleImages } from './example-images.js';
import { shown, type Rule } from '../rule.js';

/** An image whose file does not exist in the book, or of a type the outputs cannot embed. */
export const missingImage: Rule = {
  id: 'missing-image',
  severity: 'error',
  description: 'Every local image exists inside the book and is PNG, JPEG, GIF, SVG or WebP.',
  examples: [
    { markdown: '# A\n\n![Logo](logo.png)\n', expect: [], files: { 'logo.png': exampleImages.png } },
    { markdown: '# A\n\n![Logo](nope.png)\n\n<img src="gone.gif" alt="x">\n', expect: ['3:1', '5:1'] },
  ],
  check(book, emit) {
    for (const ref of book.references) {
      if (ref.kind !== 'image') continue;
      const file = book.chapters[ref.chapter]!.file;
      if (ref.status === 'missing')
        emit(
          file,
          ref.position,
          `image "${shown(ref.written)}" does not exist; fix the path (it is relative to this file) or add the image`,
        );
      if (ref.status === 'unsupported')
        emit(
          file,
          ref.position,
          `image "${shown(ref.written)}" is not a PNG, JPEG, GIF, SVG or WebP file ` +
            `(whatever its name says); convert it to one of those`,
        );
    }
  },
};
