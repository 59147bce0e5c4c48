import { toXml } from 'xast-util-to-xml';
import { EPub } from 'epub-gen-memory';
import { ZipFile } from 'yazl';
import type { Asset } from '../../book/types.js';
import type { Renderer } from '../renderer.js';
import { bookIdentifier } from '../../book/identity.js';
import { epubHref, epubPages } from './epub-pages.js';
import { navDocument, ncxDocument } from './navigation.js';
import { packageDocument, type ManifestItem } from './package-document.js';
import { toXhtml } from './xhtml.js';
import { ownTemplate, sharedStyle } from '../templates.js';
import { canEmbed } from '../formats.js';

/**
 * epub-gen-memory writes the container: `mimetype` first and stored, META-INF, the zip. What it
 * gets wrong is replaced through its own hooks: its four EJS templates receive documents made
 * here (`<%- … %>`), chapters reach it as finished XHTML so its HTML re-parse cannot drop
 * attributes (it deletes `start`, `checked`, `data-*`, …), and images are added to its zip by
 * this subclass instead of being fetched under random names.
 */
class BookEpub extends EPub {
  /** Adds a file to the package, under OEBPS/. */
  add(path: string, data: string | Uint8Array): void {
    this.zip.file(`OEBPS/${path}`, data);
  }

  /**
   * The container, zipped by yazl with Node's own zlib rather than by JSZip, whose deflate is
   * JavaScript (pako) and, cold, took longer than the rest of the EPUB. Entries keep epub-gen-memory's
   * order (`mimetype` first, stored); every entry has the same date, so two builds are
   * byte-identical, and only the DOS date fields: an extra field on `mimetype` breaks OCF.
   */
  async pack(date: Date): Promise<Uint8Array> {
    // DOS dates are local time: shift so the stored fields read as UTC in any zone.
    const mtime = new Date(date.getTime() + date.getTimezoneOffset() * 60_000);
    const zip = new ZipFile();
    for (const entry of Object.values(this.zip.files)) {
      if (entry.dir) zip.addEmptyDirectory(entry.name, { mtime, forceDosTimestamp: true });
      else {
        const stored = entry.options.compression === 'STORE';
        zip.addBuffer(await entry.async('nodebuffer'), entry.name, {
          mtime,
          forceDosTimestamp: true,
          compress: !stored,
        });
      }
    }
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}

/** The EPUB 3 edition: a cover page, one XHTML file per chapter, a nested navigation document, an NCX. */
export const epubRenderer: Renderer = {
  async render(context) {
    const { book, templates } = context;
    const { config } = book;
    const identifier = bookIdentifier(config);
    const asked = context.buildTime();
    const hrefFor = epubHref(book);
    const pages = await epubPages(context, hrefFor);
    const modified = await asked;
    // The images the pages show: a dark theme's image is left out with its element (light-theme.ts).
    const shown = (asset: Asset): boolean =>
      asset === book.cover || pages.some((page) => page.xhtml.includes(`"${asset.href}"`));
    const assets = book.assets.filter((asset) => canEmbed('epub', asset.mediaType) && shown(asset));
    const manifest: ManifestItem[] = [
      { id: 'nav', href: 'toc.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav' },
      { id: 'ncx', href: 'toc.ncx', mediaType: 'application/x-dtbncx+xml' },
      { id: 'css', href: 'style.css', mediaType: 'text/css' },
      ...pages.map((page) => ({
        id: page.id,
        href: page.filename,
        mediaType: 'application/xhtml+xml',
        properties: page.properties,
      })),
      ...assets.map((asset) => ({
        id: asset === book.cover ? 'cover-image' : `image-${book.assets.indexOf(asset) + 1}`,
        href: asset.href,
        mediaType: asset.mediaType,
        properties: asset === book.cover ? 'cover-image' : undefined,
      })),
    ];
    // The navigation document is in the spine (not in the reading order) so its landmark may point at it.
    const spine = [...pages.map((page) => ({ idref: page.id })), { idref: 'nav', linear: 'no' }];
    const documents = {
      opf: toXml(packageDocument(book, identifier, modified, manifest, spine)),
      ncx: toXml(ncxDocument(book, identifier, hrefFor)),
      nav: toXhtml(navDocument(book, templates, hrefFor), config.language),
    };

    const epub = new BookEpub(
      {
        title: config.title,
        lang: config.language,
        dir: config.direction,
        css: `${sharedStyle(templates, context.content)}\n${ownTemplate(templates, 'epub.css')}`,
        prependChapterTitles: false,
        contentOPF: '<%- documents.opf %>',
        tocNCX: '<%- documents.ncx %>',
        tocXHTML: '<%- documents.nav %>',
        chapterXHTML: '<%- xhtml %>',
        verbose: false,
        documents,
      } as ConstructorParameters<typeof EPub>[0],
      pages.map((page) => ({ title: page.title, content: '', filename: page.filename, xhtml: page.xhtml })),
    );
    await epub.render();
    for (const asset of assets) epub.add(asset.href, asset.data);
    const data = await epub.pack(modified);
    return [{ path: `${config.slug}.epub`, data }];
  },
};
