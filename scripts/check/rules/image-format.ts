import path from 'node:path';
import { misnamedReason, typeName } from '../../book/media-types.js';
import { canEmbed, formatEntries } from '../../render/formats.js';
import type { Asset } from '../../book/types.js';
import { shown, type Rule } from '../rule.js';
import { exampleImages } from './example-images.js';

/**
 * An image whose name says another type than its bytes (the outputs use the real type), or one
 * of a type that a format cannot show (its registry entry's `embeds`): WebP is no EPUB 3.2 core
 * media type, and Word does not embed it. Those formats show its alt text.
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
      const unshown = formatEntries.filter((entry) => !canEmbed(entry.name, ref.asset!.mediaType));
      if (unshown.length > 0)
        emit(
          file,
          ref.position,
          notShown(
            ref.written,
            ref.asset.mediaType,
            unshown.map((entry) => entry.name),
          ),
        );
    }
  },
};

/** Which formats show the image's alt text instead of it, and which show the image. */
function notShown(url: string, mediaType: string, formats: readonly string[]): string {
  const names = (list: readonly string[]): string => list.map((name) => `the ${name.toUpperCase()}`).join(' and ');
  const others = formatEntries.map((entry) => entry.name).filter((name) => !formats.includes(name));
  return (
    `image "${shown(url)}" is ${typeName(mediaType)}, which ${names(formats)} ` +
    `cannot show: ${formats.length > 1 ? 'they show' : 'it shows'} its alt text ` +
    `instead (${names(others)} show the image); convert it to PNG or JPEG`
  );
}

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
