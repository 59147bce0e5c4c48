import type { Heading as MdHeading, Nodes, Parents } from 'mdast';
import type { Position } from 'unist';
import { describeWhitespace, parseAtxLine, tooMuch, type Span } from '../heading-line.js';
import { shown, type ChapterEmit, type Rule } from '../rule.js';
import { sourceLines } from '../source-lines.js';

// remark-lint's no-heading-indent and no-heading-content-indent packages are not installed, and
// they miss `#Heading`; this one rule does what markdownlint's MD018-MD021 and MD023 do.
/**
 * Whitespace in and around headings: an indented heading, more than one space or a tab after
 * the `#`s or inside a closing sequence, trailing whitespace, a `#` glued to the end of the text,
 * and a line such as `#Heading` that was meant as a heading but is not one.
 */
export const headingWhitespace: Rule = {
  id: 'heading-whitespace',
  severity: 'warning',
  description: 'Headings are written "# Title": one space after the #s, nothing before, nothing after.',
  examples: [
    {
      markdown:
        '# Title\n\n## Part ##\n\nSetext\n------\n\n```\n#include <stdio.h>\n```\n\n- ' +
        'item\n\n  ## In a list\n\n> ## Quoted\n',
      expect: [],
    },
    { markdown: '---\n# a comment of the front matter\ntitle: From the front matter\n---\n\nText.\n', expect: [] },
    {
      markdown: '#  Title \n\n  ## Indented\n\n##\tTab\n\n##  Closed  ##\n\n## C#\n\n#NoSpace\n\n> ##  Quoted\n',
      expect: ['1:2', '1:9', '3:1', '5:3', '7:3', '7:11', '9:5', '11:1', '13:5'],
    },
  ],
  checkChapter(chapter, emit) {
    const lines = sourceLines(chapter.file);
    // Lines of code and HTML blocks, where a `#` at the start is not a missed heading.
    const skipped = new Set<number>();
    walkBlocks(chapter.mdast, [], (node, ancestors) => {
      if (node.type === 'heading' && !node.data?.frontMatter) checkHeading(node, ancestors, lines, emit);
      // Front matter is YAML or TOML, where `#` starts a comment.
      if (
        (node.type === 'code' || node.type === 'html' || node.type === 'yaml' || (node.type as string) === 'toml') &&
        node.position
      ) {
        for (let line = node.position.start.line; line <= node.position.end.line; line++) skipped.add(line);
      }
    });
    checkMissedHeadings(lines, skipped, emit);
  },
};

/**
 * Visits the blocks of a tree with their ancestors, without going into paragraphs: their HTML is inline, not a block.
 */
function walkBlocks(
  node: Nodes,
  ancestors: readonly Parents[],
  each: (node: Nodes, ancestors: readonly Parents[]) => void,
): void {
  each(node, ancestors);
  if (
    node.type === 'root' ||
    node.type === 'blockquote' ||
    node.type === 'list' ||
    node.type === 'listItem' ||
    node.type === 'footnoteDefinition'
  ) {
    for (const child of node.children) walkBlocks(child as Nodes, [...ancestors, node], each);
  }
}

function checkHeading(
  node: MdHeading,
  ancestors: readonly Parents[],
  lines: readonly string[],
  emit: ChapterEmit,
): void {
  const start = node.position?.start;
  if (!start || !node.position) return;
  const line = lines[start.line - 1] ?? '';
  const indent = extraIndent(node, ancestors, line);
  if (indent)
    emit(at(start.line, indent), `${describeWhitespace(indent.text)} before this heading; remove ${them(indent)}`);
  // A setext heading (text, then a line of = or -) has no #s to space.
  if (node.position.end.line !== start.line) return;
  const parts = parseAtxLine(line, start.column);
  const hashes = parts.opening.text;
  if (tooMuch(parts.gap))
    emit(at(start.line, parts.gap), `${describeWhitespace(parts.gap.text)} after "${hashes}"; use one space`);
  if (tooMuch(parts.closingGap))
    emit(
      at(start.line, parts.closingGap),
      `${describeWhitespace(parts.closingGap.text)} before the closing "${parts.closing?.text ?? '#'}"; use one space`,
    );
  if (parts.glued) {
    emit(
      at(start.line, parts.glued),
      `the "${parts.glued.text}" at the end of this heading has no space before ` +
        `it, so it is part of the text; write "\\${parts.glued.text}" if it is text, ` +
        `or put a space before it if it closes the heading`,
    );
  }
  if (parts.trailing)
    emit(
      at(start.line, parts.trailing),
      `${describeWhitespace(parts.trailing.text)} at the end of this heading; remove ${them(parts.trailing)}`,
    );
}

/**
 * Whitespace before a heading beyond what its container takes: after a blockquote's `> `, past a
 * list item's content column, or before the marker of a top-level list item or blockquote that
 * starts on the heading's line (markdownlint MD023 counts that too).
 */
function extraIndent(node: MdHeading, ancestors: readonly Parents[], line: string): Span | undefined {
  const column = node.position!.start.column;
  const prefix = line.slice(0, column - 1);
  const parent = ancestors[ancestors.length - 1];
  const leading = /^[ \t]+/.exec(prefix)?.[0];
  const lead = leading ? { column: 1, text: leading } : undefined;
  const topLevel = ancestors.filter((a) => a.type === 'blockquote' || a.type === 'listItem').length === 1;
  if (!parent || parent.type === 'root') return leading === prefix ? lead : undefined;
  if (parent.type === 'blockquote') {
    const quote = /^(.*>) ?([ \t]*)$/.exec(prefix);
    if (quote?.[2]) return { column: column - quote[2].length, text: quote[2] };
    return topLevel ? lead : undefined;
  }
  if (parent.type !== 'listItem' && parent.type !== 'footnoteDefinition') return undefined;
  if (parent.children[0] === node) return topLevel && parent.type === 'listItem' ? lead : undefined;
  const first = (parent.children[0] as Nodes | undefined)?.position?.start.column;
  if (first === undefined || column <= first) return undefined;
  return { column: first, text: line.slice(first - 1, column - 1) };
}

/**
 * Lines that start with `#` and a letter (`#Heading`): Markdown reads them as text. `#️⃣` is an
 * emoji, not a heading.
 */
function checkMissedHeadings(lines: readonly string[], skipped: ReadonlySet<number>, emit: ChapterEmit): void {
  lines.forEach((line, index) => {
    const hashes = /^#+(?=[^# \t])/.exec(line)?.[0];
    if (!hashes || skipped.has(index + 1) || line.startsWith('#\ufe0f\u20e3')) return;
    const text = shown(line);
    emit(
      at(index + 1, { column: 1, text: line.slice(0, hashes.length + 1) }),
      `"${text}" is not a heading (Markdown needs a space after "${hashes}"); ` +
        `write "${hashes} ${text.slice(hashes.length)}", or "\\${text}" if the "#" is text`,
    );
  });
}

function them(span: Span): string {
  return span.text.length === 1 ? 'it' : 'them';
}

function at(line: number, span: Span): Position {
  return { start: { line, column: span.column }, end: { line, column: span.column + span.text.length } };
}
