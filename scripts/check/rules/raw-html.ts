import type { Element, Root as HastRoot } from 'hast';
import type { Root as MdRoot } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import {
  alignClass,
  cleanProperties,
  elementFate,
  isForeignRoot,
  type AttributeChange,
} from '../../book/raw-html-policy.js';
import { notForText } from '../../book/content-model.js';
import type { Rule } from '../rule.js';

// remark-lint's no-html (not installed) would flag all raw HTML; this reports only what the outputs change.
/**
 * Raw HTML that some output changes or drops, saying what will happen to it, by the very policy
 * the transform stage applies (`raw-html-policy.ts`). The build goes on.
 */
export const rawHtml: Rule = {
  id: 'raw-html',
  severity: 'warning',
  description: 'Raw HTML is what every output keeps as written.',
  examples: [
    {
      markdown:
        '# Title\n\n<div class="note">A note.</div>\n\nPress <kbd>Ctrl</kbd>.\n\n<a id="x" href="#title">Up</a>\n',
      expect: [],
    },
    {
      markdown:
        '# Title\n\n<div align="center">Centred.</div>\n\n<center>Old</center>\n\nSome ' +
        '<font color="red">red</font>.\n\n<script>alert(1)</script>\n\n<a href="javascript:go()" ' +
        'onclick="go()">Go</a>\n\n<iframe src="https://example.org/"></iframe>\n',
      expect: ['3:1', '5:1', '7:6', '9:1', '11:1', '11:1', '13:1'],
    },
  ],
  checkChapter(chapter, emit) {
    for (const repair of chapter.repairs) if (!repair.rule) emit(repair.position, repair.message);
    forEachRawElement(chapter.mdast, chapter.hast, (element) => {
      const fate = elementFate(element.tagName);
      if (fate === 'dropped') {
        emit(element.position, droppedReason(element.tagName));
        return SKIP;
      }
      if (fate === 'unwrapped' || fate === 'unknown') emit(element.position, unwrappedReason(element.tagName, fate));
      for (const change of cleanProperties(element.properties, fate === 'kept' ? element.tagName : '').changes) {
        emit(element.position, changeReason(element.tagName, change));
      }
      // Inside <svg> and <math> the names are not HTML's: only scripts and handlers are removed there.
      return isForeignRoot(element.tagName) ? SKIP : undefined;
    });
  },
};

/**
 * Calls `each` for every element that came from raw HTML: those that start inside an mdast
 * `html` node. Elements made from Markdown start elsewhere.
 */
function forEachRawElement(mdast: MdRoot, hast: HastRoot, each: (element: Element) => typeof SKIP | undefined): void {
  const ranges: [number, number][] = [];
  visit(mdast, 'html', (node) => {
    const { start, end } = node.position ?? {};
    if (start?.offset !== undefined && end?.offset !== undefined) ranges.push([start.offset, end.offset]);
  });
  if (ranges.length === 0) return;
  visit(hast, 'element', (element) => {
    const offset = element.position?.start.offset;
    if (offset === undefined || !ranges.some(([start, end]) => offset >= start && offset < end)) return undefined;
    return each(element);
  });
}

function droppedReason(tag: string): string {
  const why =
    tag === 'script' || tag === 'noscript'
      ? 'the outputs run no scripts; remove it'
      : tag === 'style'
        ? "put styles in the book's own templates (book.yaml's templates) instead"
        : 'the outputs embed no other pages; link to it instead';
  return `<${tag}> is dropped from every output with all its content: ${why}`;
}

function unwrappedReason(tag: string, fate: 'unwrapped' | 'unknown'): string {
  const why = fate === 'unknown' ? notForText(tag) : undefined;
  if (why) return `${why}, so every output drops the tag and keeps its content; remove it`;
  if (fate === 'unknown')
    return (
      `<${tag}> is not an HTML element, so every output drops the tag and keeps ` +
      `its content; use an HTML element such as <span> or <div>`
    );
  const instead = tag === 'center' ? '; for centred text write <div class="align-center">' : '';
  return (
    `<${tag}> is not allowed in EPUB, so every output drops the element and ` +
    `keeps its content, unstyled; remove it${instead}`
  );
}

function changeReason(tag: string, change: AttributeChange): string {
  if (change.kind === 'align') {
    const name = alignClass(change.value);
    return (
      `align="${change.value}" on <${tag}> becomes class="${name}" in every output ` +
      `(EPUB does not allow align); write class="${name}" yourself`
    );
  }
  if (change.kind === 'unknown')
    return (
      `${change.attribute}="${shorten(change.value)}" is not an HTML attribute, ` +
      `so every output drops it from this <${tag}>; ` +
      `remove it or use a data-${change.attribute.replace(/[^a-z0-9-]/gi, '')} attribute`
    );
  if (change.kind === 'misplaced')
    return (
      `${change.attribute}="${shorten(change.value)}" is not an attribute of ` +
      `<${tag}> in HTML, so every output drops it; remove it`
    );
  if (change.kind === 'direction')
    return (
      `style="${shorten(change.value)}" sets the direction in CSS, which EPUB ` +
      `does not allow: every output writes it as dir="…" on this <${tag}> instead; ` +
      `write dir="rtl" (or "ltr") yourself`
    );
  if (change.kind === 'obsolete')
    return (
      `${change.attribute}="${shorten(change.value)}" is obsolete on <${tag}> ` +
      `and not allowed in EPUB, so every output drops it; use a class and the ` +
      `book's style sheet instead`
    );
  const what =
    change.kind === 'handler' ? `the ${change.attribute} attribute` : `${change.attribute}="${shorten(change.value)}"`;
  return `${what} is removed from this <${tag}> in every output, which runs no scripts; the element is kept; remove it`;
}

function shorten(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}
