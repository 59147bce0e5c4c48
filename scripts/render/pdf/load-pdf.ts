import { ParseSpeeds, PDFDocument } from 'pdf-lib';

/** Reads a PDF that Chromium printed. */
export function loadPdf(pdf: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}
