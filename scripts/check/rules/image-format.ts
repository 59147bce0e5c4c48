import { shown, type Rule } from '../rule.js';

/** A WebP image: EPUB 3.2 does not have it among its core media types, so the EPUB cannot show it. */
export const imageFormat: Rule = {
  id: 'image-format',
  severity: 'warning',
  description: 'Images are of a type that every output can show (PNG, JPEG, GIF, SVG).',
  examples: [
    { markdown: '# Title\n\n![Logo](logo.png)\n', files: { 'logo.png': 'png' }, expect: [] },
    { markdown: '# Title\n\n![Photo](photo.webp)\n', files: { 'photo.webp': 'webp' }, expect: ['3:1'] },
  ],
  check(book, emit) {
    for (const ref of book.references) {
      if (ref.kind !== 'image' || ref.asset?.mediaType !== 'image/webp') continue;
      emit(
        book.chapters[ref.chapter]!.file,
        ref.position,
        `image "${shown(ref.url)}" is WebP, which EPUB 3.2 readers need not show: the EPUB shows its alt text instead (the HTML and PDF show the image); convert it to PNG or JPEG`,
      );
    }
  },
};
