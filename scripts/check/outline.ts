import type { Nodes } from 'mdast';
import type { Chapter, Heading } from '../book/types.js';

/** A section of a chapter: a top-level heading and what follows it up to the next heading. */
export interface Section {
  readonly heading: Heading;
  /** Words of its own text, up to the next heading of any level (0 unless counted). */
  readonly ownWords: number;
  /** Nothing before the next heading of the same or a higher level: no text and no subsections. */
  readonly empty: boolean;
}

/** A chapter as a list of sections, in order, and the words before its first heading. */
export interface ChapterOutline {
  readonly preambleWords: number;
  readonly sections: readonly Section[];
}

/**
 * The sections of a chapter, for the `empty-section` rule and `check --stats`. Headings inside
 * lists or blockquotes are text of the section they are in, not sections of their own. Words are
 * counted only when asked (`--stats`): the rule needs none.
 */
export function chapterOutline(chapter: Chapter, countingWords = false): ChapterOutline {
  const byNode = new Map(chapter.headings.map((heading) => [heading.node, heading]));
  const parts: { heading: Heading | undefined; words: number; content: boolean }[] = [
    { heading: undefined, words: 0, content: false },
  ];
  for (const node of chapter.mdast.children) {
    const heading = node.type === 'heading' ? byNode.get(node) : undefined;
    if (heading) {
      parts.push({ heading, words: 0, content: false });
      continue;
    }
    const part = parts[parts.length - 1]!;
    if (countingWords) part.words += countWords(textOf(node));
    if (isContent(node)) part.content = true;
  }
  const sections = parts.slice(1).map((part, index, all): Section => {
    const next = all[index + 1]?.heading;
    return {
      heading: part.heading!,
      ownWords: part.words,
      empty: !part.content && (!next || next.depth <= part.heading!.depth),
    };
  });
  return { preambleWords: parts[0]!.words, sections };
}

/**
 * Scripts written without spaces between words: UAX #14's line-break classes ID (ideographs, kana)
 * and SA (South-East Asian). JavaScript's regular expressions have scripts, not line-break classes.
 */
const unspacedScripts = ['Han', 'Hiragana', 'Katakana', 'Thai', 'Lao', 'Khmer', 'Myanmar', 'Tai_Tham', 'New_Tai_Lue'];
const unspaced = new RegExp(`[${unspacedScripts.map((script) => `\\p{Script=${script}}`).join('')}]`, 'u');
let segmenter: Intl.Segmenter | undefined;

/**
 * Words as a reader counts them: runs between spaces that hold a letter or a digit; a run in a
 * script written without spaces (Chinese, Japanese, Thai…) counts the words that Unicode's word
 * segmentation (`Intl.Segmenter`, ICU's dictionaries) finds in it.
 */
export function countWords(text: string): number {
  let count = 0;
  for (const token of text.split(/\s+/)) {
    if (!/[\p{L}\p{N}]/u.test(token)) continue;
    if (!unspaced.test(token)) {
      count++;
      continue;
    }
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
    for (const segment of segmenter.segment(token)) if (segment.isWordLike) count++;
  }
  return count;
}

/** What a reader sees of a section: a comment, a link definition or a rule alone is not content. */
function isContent(node: Nodes): boolean {
  if (node.type === 'definition' || node.type === 'footnoteDefinition' || node.type === 'thematicBreak') return false;
  if (node.type === 'html') return node.value.replace(/<!--[\s\S]*?(-->|$)/g, '').trim() !== '';
  return true;
}

const inline = new Set(['paragraph', 'heading', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'tableCell']);

/** The text of a node, tags of raw HTML left out, with a space between blocks so their words do not run together. */
function textOf(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') return node.value;
  if (node.type === 'html') return node.value.replace(/<!--[\s\S]*?(-->|$)|<[^>]*>/g, ' ');
  if (!('children' in node)) return '';
  return (node.children as Nodes[]).map(textOf).join(inline.has(node.type) ? '' : ' ');
}
