import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  PDFPage,
  PDFPageLeaf,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';
import { PdfError } from './pdf-error.js';

/**
 * Joins the PDFs of a print's parts (print-document.ts) into one, keeping what Chromium wrote
 * in each: pages with their links, the tagged structure, the bookmarks and the named
 * destinations. pdf-lib's `copyPages` copies pages only; here one copier per part carries each
 * part's pages, then its structure elements (which point at those pages), its bookmarks and
 * destinations, so each object is copied once and every reference lands on the copy; a part's
 * own roots (its structure root, `Document` element and bookmark list) are mapped beforehand to
 * the joined PDF's, so references to them land there. The structure: the parts' top elements go
 * under the first part's `Document` element, and each part's keys into the structure's parent
 * tree (pages' `StructParents`, links' `StructParent`) are moved past the keys of the parts
 * before it. Bookmarks: the parts' lists follow one another. Destinations: each name is defined
 * in the part that holds its place (print-document.ts). A part's `IDTree` (ids of structure
 * elements, which Skia numbers per document) is not joined: the Chromium this was made with
 * writes none.
 */
export function joinParts(parts: readonly PDFDocument[]): PDFDocument {
  const joined = parts[0]!;
  if (parts.length === 1) return joined;
  const into = structureOf(joined);
  let nextKey = into.nextKey;
  const outlines = dictOf(joined, 'Outlines', { Type: 'Outlines' });
  const dests = dictOf(joined, 'Dests', {});
  for (const part of parts.slice(1)) {
    const copier = PDFObjectCopier.for(part.context, joined.context);
    const from = structureOf(part);
    const theirOutlines = part.catalog.get(PDFName.of('Outlines'));
    mapAhead(copier, [
      [from.rootRef, into.rootRef],
      [from.document, into.document],
      [theirOutlines, joined.catalog.get(PDFName.of('Outlines'))],
    ]);
    const keyOffset = nextKey;
    for (const page of part.getPages()) {
      const ref = copier.copy(page.ref) as PDFRef;
      const leaf = joined.context.lookup(ref);
      if (!(leaf instanceof PDFPageLeaf)) throw new PdfError('a page of a part of the print could not be copied');
      joined.addPage(PDFPage.of(leaf, ref, joined));
      shiftKey(leaf, 'StructParents', keyOffset);
      const annotations = leaf.lookupMaybe(PDFName.of('Annots'), PDFArray);
      for (let i = 0; i < (annotations?.size() ?? 0); i++) {
        const annotation = annotations!.lookupMaybe(i, PDFDict);
        if (annotation) shiftKey(annotation, 'StructParent', keyOffset);
      }
    }
    for (const ref of from.top) into.kids.push(copier.copy(ref));
    for (const [key, value] of from.parentTree) {
      into.nums.push(PDFNumber.of(key + keyOffset));
      into.nums.push(copier.copy(value));
    }
    nextKey += from.nextKey;

    const first = part.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.get(PDFName.of('First'));
    if (first instanceof PDFRef) appendOutline(joined, outlines, copier.copy(first) as PDFRef);
    const theirDests = part.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
    if (theirDests)
      for (const [name, dest] of theirDests.entries()) if (!dests.has(name)) dests.set(name, copier.copy(dest));
  }
  into.root.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(nextKey));
  return joined;
}

/** The catalog's dictionary `key`, made (as an indirect object) when there is none. */
function dictOf(doc: PDFDocument, key: string, made: Record<string, string>): PDFDict {
  const found = doc.catalog.lookupMaybe(PDFName.of(key), PDFDict);
  if (found) return found;
  const dict = doc.context.obj(Object.fromEntries(Object.entries(made).map(([k, v]) => [k, PDFName.of(v)])));
  doc.catalog.set(PDFName.of(key), doc.context.register(dict));
  return dict;
}

/** A part's structure: its `Document` element's children, and its parent tree's entries. */
function structureOf(doc: PDFDocument): {
  root: PDFDict;
  rootRef: PDFRef;
  document: PDFRef;
  top: PDFRef[];
  kids: PDFArray;
  nums: PDFArray;
  parentTree: [number, PDFObject][];
  nextKey: number;
} {
  const rootRef = doc.catalog.get(PDFName.of('StructTreeRoot'));
  const root = rootRef instanceof PDFRef ? doc.context.lookupMaybe(rootRef, PDFDict) : undefined;
  const document = root?.get(PDFName.of('K'));
  const documentDict = document instanceof PDFRef ? doc.context.lookupMaybe(document, PDFDict) : undefined;
  const tree = root?.lookupMaybe(PDFName.of('ParentTree'), PDFDict);
  const nums = tree?.lookupMaybe(PDFName.of('Nums'), PDFArray);
  // Chromium writes one Document element and a parent tree with one flat list of keys.
  if (
    !root ||
    !(rootRef instanceof PDFRef) ||
    !(document instanceof PDFRef) ||
    !documentDict ||
    !tree ||
    !nums ||
    tree.has(PDFName.of('Kids'))
  ) {
    throw new PdfError(
      'a part of the print has no structure tree of the kind Chromium writes; the parts cannot be joined',
    );
  }
  let kids = documentDict.get(PDFName.of('K'));
  if (!(kids instanceof PDFArray)) {
    const array = doc.context.obj(kids ? [kids] : []);
    documentDict.set(PDFName.of('K'), array);
    kids = array;
  }
  const list = kids as PDFArray;
  const top = list.asArray().filter((kid): kid is PDFRef => kid instanceof PDFRef);
  const parentTree: [number, PDFObject][] = [];
  for (let i = 0; i + 1 < nums.size(); i += 2)
    parentTree.push([(nums.get(i) as PDFNumber).asNumber(), nums.get(i + 1)]);
  // Past every key in use, whatever the part declares: Skia has numbered links' keys from 100000
  // while declaring the page count as the next key. Each part's keys then stay above the last
  // part's, and the joined list stays in order.
  let highest = -1;
  for (const [key] of parentTree) highest = Math.max(highest, key);
  const declared = root.lookupMaybe(PDFName.of('ParentTreeNextKey'), PDFNumber)?.asNumber() ?? 0;
  const nextKey = Math.max(declared, highest + 1);
  return { root, rootRef, document, top, kids: list, nums, parentTree, nextKey };
}

/**
 * Tells the copier that these objects of the part are already in the joined PDF. pdf-lib has no
 * API for it, so its copier's own map of copied objects is filled (pdf-lib 1.17, whose copier
 * keeps that map in `traversedObjects`); a copier without it fails here, not in the output.
 */
function mapAhead(copier: PDFObjectCopier, pairs: readonly [PDFObject | undefined, PDFObject | undefined][]): void {
  const copied = (copier as unknown as { traversedObjects?: unknown }).traversedObjects;
  if (!(copied instanceof Map)) throw new PdfError('this version of pdf-lib cannot join the parts of the print');
  for (const [theirs, ours] of pairs) if (theirs instanceof PDFRef && ours instanceof PDFRef) copied.set(theirs, ours);
}

function shiftKey(dict: PDFDict, key: string, offset: number): void {
  const value = dict.lookupMaybe(PDFName.of(key), PDFNumber);
  if (value) dict.set(PDFName.of(key), PDFNumber.of(value.asNumber() + offset));
}

/** Puts the bookmark list that starts at `first` (already copied) after the last of `outlines`. */
function appendOutline(doc: PDFDocument, outlines: PDFDict, first: PDFRef): void {
  const last = outlines.get(PDFName.of('Last'));
  let item: PDFRef | undefined = first;
  let end = first;
  while (item) {
    const dict: PDFDict = doc.context.lookup(item, PDFDict);
    end = item;
    const next: PDFObject | undefined = dict.get(PDFName.of('Next'));
    item = next instanceof PDFRef ? next : undefined;
  }
  if (last instanceof PDFRef) {
    doc.context.lookup(last, PDFDict).set(PDFName.of('Next'), first);
    doc.context.lookup(first, PDFDict).set(PDFName.of('Prev'), last);
  } else {
    outlines.set(PDFName.of('First'), first);
  }
  outlines.set(PDFName.of('Last'), end);
}
