import path from 'node:path';
import { misnamedReason } from '../../book/media-types.js';
import type { Asset } from '../../book/types.js';
import { shown, type Rule } from '../rule.js';
import { exampleImages } from './example-images.js';

/**
 * An image whose name says another type than its bytes (the outputs use the real type), or a
 * WebP image: EPUB 3.2 does not have it among its core media types, so the EPUB cannot show it.
 */
export const imageFormat: Rule = {
  id: 'image-format',
  severity: 'warning',
  description: 'Images are of a type that every output can show (PNG, JPEG, GIF, SVG), and their names say which.',
  examples: [
    { markdown: '# Title\n\n![Logo](logo.png)\n', files: { 'logo.png': exampleImages.png }, expect: [] },
    { markdown: '# Title\n\n![Photo](photo.webp)\n', files: { 'photo.webp': exampleImages.webp }, expect: ['3:1'] },
    { markdown: '# Title\n\n![Chart](chart.jpeg)\n', files: { 'chart.jpeg': exampleImages.png }, expect: ['3:1'] },
  ],
  check(book, emit) {
    for (const ref of book.references) {
      if (ref.kind !== 'image' || !ref.asset) continue;
      const file = book.chapters[ref.chapter]!.file;
      if (ref.asset.namedType) emit(file, ref.position, misnamed(ref.written, ref.asset));
      if (ref.asset.mediaType === 'image/webp') {
        emit(
          file,
          ref.position,
          `image "${shown(ref.written)}" is WebP, which EPUB 3.2 readers need not show: the EPUB shows its alt text instead (the HTML and PDF show the image); convert it to PNG or JPEG`,
        );
      }
    }
  },
};

function misnamed(url: string, asset: Asset): string {
  const name = path.basename(asset.source);
  const stem = name.slice(0, name.length - path.extname(name).length);
  const renamed = `${stem}${asset.href.slice(asset.href.lastIndexOf('.'))}`;
  return misnamedReason(
    `image "${shown(url)}"`,
    asset.mediaType,
    asset.namedType === 'none' ? undefined : asset.namedType,
    shown(renamed),
  );
}
