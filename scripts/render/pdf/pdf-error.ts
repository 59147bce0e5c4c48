/**
 * A failure of the PDF step: the message says what happened and what to do. A module of its own,
 * so that the steps that work on PDF files (join-parts.ts, finish-pdf.ts) need not load the
 * browser's.
 */
export class PdfError extends Error {
  override name = 'PdfError';
}
