import { ParseSpeeds, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import type { Book } from '../../book/types.js';
import { PdfError } from './browser.js';
import { checkPrint, type PagePlan } from './paginate.js';

/**
 * Finishes Chromium's PDF: the document information from book.yaml (Chromium writes its user
 * agent as Creator and nothing else), and the bookmarks: cut to `toc.depth` (Chromium makes one
 * for every heading) and with their spaces back — Chromium drops the space where a heading's line
 * wraps ("Back-endDevelopment"), so each title is matched, spaces ignored, to its heading's text.
 * A second print that is not as planned (its pages, or a heading on another page than its TOC
 * number says) is an error, not a PDF.
 */
export async function finishPdf(pdf: Uint8Array, book: Book, plan: PagePlan): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const moved = checkPrint(doc, plan);
  if (moved) throw new PdfError(`${moved}: the layout moved between the prints; please report this with the book`);
  const { config } = book;
  doc.setTitle(config.title, { showInWindowTitleBar: true });
  if (config.authors.length > 0) doc.setAuthor(config.authors.map((a) => a.name).join(', '));
  if (config.description) doc.setSubject(config.description);
  if (config.subjects?.length) doc.setKeywords([...config.subjects]);
  doc.setCreator('book-pipeline');
  doc.setProducer('book-pipeline with Chromium');
  doc.setLanguage(config.language);
  fixOutline(doc, book);
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}

function fixOutline(doc: PDFDocument, book: Book): void {
  const squash = (text: string): string => text.replace(/\s+/g, '');
  const texts = new Map<string, string>();
  for (const heading of book.headings) texts.set(squash(heading.text), heading.text);
  const maxDepth = book.config.toc.depth;
  const name = (key: string): PDFName => PDFName.of(key);

  /** Fixes the titles of a level's items, cuts below `maxDepth`; returns how many items are visible. */
  const visit = (first: PDFDict | undefined, depth: number): number => {
    let count = 0;
    for (let node = first; node; node = node.lookupMaybe(name('Next'), PDFDict)) {
      count++;
      const title = node.lookupMaybe(name('Title'), PDFString, PDFHexString);
      const text = texts.get(squash(title?.decodeText() ?? ''));
      if (text) node.set(name('Title'), PDFHexString.fromText(text));
      if (depth >= maxDepth) {
        for (const key of ['First', 'Last', 'Count']) node.delete(name(key));
        continue;
      }
      const children = visit(node.lookupMaybe(name('First'), PDFDict), depth + 1);
      if (children > 0) node.set(name('Count'), PDFNumber.of(children));
      count += children;
    }
    return count;
  };
  const outlines = doc.catalog.lookupMaybe(name('Outlines'), PDFDict);
  if (outlines) outlines.set(name('Count'), PDFNumber.of(visit(outlines.lookupMaybe(name('First'), PDFDict), 1)));
}
