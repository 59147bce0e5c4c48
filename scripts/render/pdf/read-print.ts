import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { safeDecode } from '../../book/safe-decode.js';
import { loadPdf } from './load-pdf.js';
import type { FirstPrint } from './page-plan.js';
import type { LinkTargets } from './print-document.js';

/**
 * Reads a part's first print: its page count and the page on which each chapter and heading
 * landed (the file has no `target-counter()` to do it), from their page marks (print-page.ts).
 */
export async function readFirstPrint(pdf: Uint8Array, targets: LinkTargets): Promise<FirstPrint> {
  const doc = await loadPdf(pdf);
  const marks = linkAnnotations(doc, targets.mark).map(({ annotation, page }) => {
    const [x = 0, , , top = 0] = annotation
      .lookup(PDFName.of('Rect'), PDFArray)
      .asArray()
      .map((n) => (n instanceof PDFNumber ? n.asNumber() : 0));
    return { page, x, top };
  });
  return {
    pageCount: doc.getPageCount(),
    chapterStarts: linkAnnotations(doc, targets.chapter).map((mark) => mark.page),
    marks,
    refs: linkAnnotations(doc, targets.ref).map((mark) => mark.page),
    places: linkAnnotations(doc, targets.place).map((mark) => mark.page),
  };
}

/**
 * The link annotations that point at the named destination `target`, page by page, in the order
 * each page lists them.
 */
export function linkAnnotations(doc: PDFDocument, target: string): { annotation: PDFDict; page: number }[] {
  const found: { annotation: PDFDict; page: number }[] = [];
  doc.getPages().forEach((page, index) => {
    const annotations = page.node.Annots();
    for (let i = 0; i < (annotations?.size() ?? 0); i++) {
      const annotation = annotations?.lookupMaybe(i, PDFDict);
      const dest = annotation?.get(PDFName.of('Dest'));
      if (annotation && dest instanceof PDFName && safeDecode(dest.decodeText()) === target)
        found.push({ annotation, page: index });
    }
  });
  return found;
}
