import {
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFString,
  ReadingDirection,
} from 'pdf-lib';
import type { Book } from '../../book/types.js';
import { PdfError } from './pdf-error.js';
import { joinParts } from './join-parts.js';
import { checkPrint, type PagePlan } from './page-plan.js';
import { linkAnnotations } from './read-print.js';

/** The TOC's links in the second print: all to one target (`target`), for the headings `ids`, in order. */
export interface TocLinks {
  readonly target: string;
  readonly ids: readonly string[];
}

/**
 * Finishes Chromium's PDF, its parts joined (join-parts.ts): the document information from
 * book.yaml (Chromium writes its user agent as Creator and nothing else), and the bookmarks: cut
 * to `toc.depth` (Chromium makes one for every heading) and with their spaces back — Chromium drops the space where a
 * heading's line
 * wraps ("Back-endDevelopment"), so each title is matched, spaces ignored, to its heading's text.
 * The TOC's links, printed all to one target (one named destination per heading would make
 * Chromium's print time grow with their number times the pages), are pointed each at its
 * heading's place. The second print is checked against the plan, through Chromium's own
 * bookmarks: one that is not as planned (its pages, or a heading on another page than its TOC
 * number says) is an error, not a PDF.
 */
export async function finishPdf(
  parts: readonly PDFDocument[],
  book: Book,
  plan: PagePlan,
  toc: TocLinks,
): Promise<Uint8Array> {
  const doc = joinParts(parts);
  const moved = checkPrint(doc.getPageCount(), plan, bookmarkPages(doc, book));
  if (moved) throw new PdfError(`${moved}: the layout moved between the prints; please report this with the book`);
  linkToc(doc, toc, plan);
  const { config } = book;
  doc.setTitle(config.title, { showInWindowTitleBar: true });
  if (config.authors.length > 0) doc.setAuthor(config.authors.map((a) => a.name).join(', '));
  if (config.description) doc.setSubject(config.description);
  if (config.subjects?.length) doc.setKeywords([...config.subjects]);
  doc.setCreator('book-pipeline');
  doc.setProducer('book-pipeline with Chromium');
  doc.setLanguage(config.language);
  // A right-to-left book is read, and shown two pages at a time, from right to left.
  if (config.direction === 'rtl') doc.catalog.getOrCreateViewerPreferences().setReadingDirection(ReadingDirection.R2L);
  fixOutline(doc, book);
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}

/** A heading's text with its spaces dropped, as Chromium's bookmark titles lose them where a heading wraps. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

function fixOutline(doc: PDFDocument, book: Book): void {
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

/**
 * Each heading's page (0-based), from Chromium's bookmarks: they list every heading of the page
 * in document order (also headings that are not the book's, such as the contents' own title), so
 * they are matched in order to the book's headings, by their text with spaces ignored. A heading
 * whose printed text differs (a footnote mark in it, say) is passed over, not waited for.
 */
function bookmarkPages(doc: PDFDocument, book: Book): Map<string, number> {
  const texts = book.headings.map((heading) => squash(heading.text));
  const pageIndex = new Map(doc.getPages().map((page, index) => [page.ref.toString(), index]));
  const pages = new Map<string, number>();
  let next = 0;
  const walk = (first: PDFDict | undefined): void => {
    for (let node = first; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = squash(node.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)?.decodeText() ?? '');
      const page = pageIndex.get(String(node.lookupMaybe(PDFName.of('Dest'), PDFArray)?.get(0)));
      const found = texts.indexOf(title, next);
      if (page !== undefined && found !== -1 && found - next < 4) {
        pages.set(book.headings[found]!.id, page);
        next = found + 1;
      }
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict));
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict));
  return pages;
}

/** Points each TOC link at its heading's place, and drops the named destination they were printed with. */
function linkToc(doc: PDFDocument, toc: TocLinks, plan: PagePlan): void {
  const links = linkAnnotations(doc, toc.target);
  if (links.length !== toc.ids.length)
    throw new PdfError(
      `the second print has ${links.length} table of contents links where ${toc.ids.length} were made`,
    );
  const pages = doc.getPages();
  links.forEach(({ annotation }, index) => {
    const id = toc.ids[index]!;
    const place = plan.tocPlaces[id];
    const page = place && pages[place.page];
    if (page && place)
      annotation.set(PDFName.of('Dest'), doc.context.obj([page.ref, PDFName.of('XYZ'), place.x, place.top, null]));
    else annotation.delete(PDFName.of('Dest'));
  });
  doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)?.delete(PDFName.of(toc.target));
}
