import type { Element, Root } from 'xast';
import { x } from 'xastscript';
import type { Book } from '../../book/types.js';

/** A file of the package, as the manifest lists it. */
export interface ManifestItem {
  readonly id: string;
  readonly href: string;
  readonly mediaType: string;
  readonly properties?: string;
}

/** MARC relator codes for the roles book.yaml's `{name, role}` authors may give. */
const relators: Readonly<Record<string, string>> = {
  author: 'aut',
  editor: 'edt',
  translator: 'trl',
  illustrator: 'ill',
  contributor: 'ctb',
  foreword: 'aui',
  introduction: 'aui',
  narrator: 'nrt',
  photographer: 'pht',
};

/**
 * The package document (content.opf), written in full instead of epub-gen-memory's template:
 * that template writes an empty `dc:description` (EPUBCheck RSC-005), invents rights and a
 * publisher, puts every author in one creator, and dates the book with the clock.
 */
export function packageDocument(
  book: Book,
  identifier: string,
  modified: Date,
  manifest: readonly ManifestItem[],
  spine: readonly { idref: string; linear?: string }[],
): Root {
  const { config } = book;
  const meta = (property: string, value: string, refines?: string): Element =>
    x('meta', refines ? { refines, property } : { property }, value);
  const metadata: Element[] = [
    x('dc:identifier', { id: 'pub-id' }, identifier),
    x('dc:title', { id: 'title' }, config.title),
    meta('title-type', 'main', '#title'),
  ];
  if (config.subtitle)
    metadata.push(x('dc:title', { id: 'subtitle' }, config.subtitle), meta('title-type', 'subtitle', '#subtitle'));
  metadata.push(x('dc:language', config.language));
  config.authors.forEach((author, index) => {
    const id = `creator-${index + 1}`;
    const role = relators[(author.role ?? 'author').toLowerCase()];
    metadata.push(x('dc:creator', { id }, author.name));
    if (role) metadata.push(x('meta', { refines: `#${id}`, property: 'role', scheme: 'marc:relators' }, role));
  });
  if (config.publisher) metadata.push(x('dc:publisher', config.publisher));
  if (config.date) metadata.push(x('dc:date', config.date));
  if (config.rights) metadata.push(x('dc:rights', config.rights));
  if (config.description) metadata.push(x('dc:description', config.description));
  for (const subject of config.subjects ?? []) metadata.push(x('dc:subject', subject));
  metadata.push(meta('dcterms:modified', modified.toISOString().replace(/\.\d{3}Z$/, 'Z')));
  metadata.push(...accessibility(book));
  if (manifest.some((item) => item.properties === 'cover-image'))
    metadata.push(x('meta', { name: 'cover', content: 'cover-image' }));

  return x(null, [
    { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
    x(
      'package',
      {
        xmlns: 'http://www.idpf.org/2007/opf',
        version: '3.0',
        'unique-identifier': 'pub-id',
        'xml:lang': config.language,
      },
      [
        x('metadata', { 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' }, metadata),
        x(
          'manifest',
          manifest.map((item) =>
            x('item', { id: item.id, href: item.href, 'media-type': item.mediaType, properties: item.properties }),
          ),
        ),
        x(
          'spine',
          // A right-to-left book turns its pages the other way.
          config.direction === 'rtl' ? { toc: 'ncx', 'page-progression-direction': 'rtl' } : { toc: 'ncx' },
          spine.map((item) => x('itemref', { ...item })),
        ),
      ],
    ),
  ]);
}

/**
 * schema.org accessibility metadata, which Ace and stores ask for: book.yaml's `accessibility`
 * where it says, else what this build makes true (text with a structure, a navigable TOC, alt
 * text on images: the checker's image-alt rule asks for it).
 */
function accessibility(book: Book): Element[] {
  const own = book.config.accessibility ?? {};
  const hasImages = book.assets.length > 0;
  const modes = own.modes ?? (hasImages ? ['textual', 'visual'] : ['textual']);
  const features = own.features ?? [
    'structuralNavigation',
    'tableOfContents',
    'readingOrder',
    ...(hasImages ? ['alternativeText'] : []),
  ];
  const hazards = own.hazards ?? ['none'];
  const summary =
    own.summary ??
    'A reflowable text with headings in order, a navigable table of contents ' +
      'and the reading order of the print edition' +
      (hasImages ? '; every image has a text alternative.' : '.');
  return [
    ...modes.map((mode) => x('meta', { property: 'schema:accessMode' }, mode)),
    x('meta', { property: 'schema:accessModeSufficient' }, 'textual'),
    ...features.map((feature) => x('meta', { property: 'schema:accessibilityFeature' }, feature)),
    ...hazards.map((hazard) => x('meta', { property: 'schema:accessibilityHazard' }, hazard)),
    x('meta', { property: 'schema:accessibilitySummary' }, summary),
  ];
}
