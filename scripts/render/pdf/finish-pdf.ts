import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import type { Book } from '../../book/types.js';

/**
 * Finishes Chromium's PDF: the document information from book.yaml (Chromium writes its user
 * agent as Creator and nothing else), and bookmark titles with their spaces back — Chromium drops
 * the space where a heading's line wraps ("Back-endDevelopment"), so each title is matched,
 * spaces ignored, to the heading it came from and rewritten with that heading's text.
 */
export async function finishPdf(pdf: Uint8Array, book: Book): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const { config } = book;
  doc.setTitle(config.title, { showInWindowTitleBar: true });
  if (config.authors.length > 0) doc.setAuthor(config.authors.map((a) => a.name).join(', '));
  if (config.description) doc.setSubject(config.description);
  if (config.subjects?.length) doc.setKeywords([...config.subjects]);
  doc.setCreator('book-pipeline');
  doc.setProducer('book-pipeline with Chromium');
  doc.setLanguage(config.language);
  fixOutlineTitles(doc, book);
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}

function fixOutlineTitles(doc: PDFDocument, book: Book): void {
  const squash = (text: string): string => text.replace(/\s+/g, '');
  const texts = new Map<string, string>();
  for (const heading of book.headings) texts.set(squash(heading.text), heading.text);
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const visit = (item: PDFDict | undefined): void => {
    for (let node = item; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = node.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString);
      const text = texts.get(squash(title?.decodeText() ?? ''));
      if (text) node.set(PDFName.of('Title'), PDFHexString.fromText(text));
      visit(node.lookupMaybe(PDFName.of('First'), PDFDict));
    }
  };
  visit(outlines?.lookupMaybe(PDFName.of('First'), PDFDict));
}
