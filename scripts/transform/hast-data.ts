import type { ElementData } from 'hast';
import type { Target } from '../book/types.js';

/** What the transform stage leaves on elements for the renderers (typed, not cast). */
declare module 'hast' {
  interface ElementData {
    /** An internal link: each renderer turns it into its own href. */
    target?: Target;
    /** The place of the book's table of contents (the first `[TOC]` marker). */
    toc?: boolean;
  }
}

/**
 * Element data with only our fields. hast-util-from-parse5 declares `position` on ElementData as
 * required (it is only set with `verbose: true`), so a plain object literal does not type-check.
 */
export function elementData(data: { target?: Target; toc?: boolean }): ElementData {
  return data as ElementData;
}
