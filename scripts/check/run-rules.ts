import type { Point, Position } from 'unist';
import type { Root as MdRoot } from 'mdast';
import { VFile } from 'vfile';
import type { Book, Chapter } from '../book/types.js';
import { report, type Severity } from '../problems.js';
import { Kept } from '../kept.js';
import type { Rule } from './rule.js';
import { rules } from './rules/index.js';

/**
 * Runs every rule that book.yaml does not switch off, at book.yaml's severity or the rule's own
 * (`only`: the rules at that severity, as the preview shows warnings only with errors).
 * A chapter that could not be parsed gets only the message that says why. A message said once at
 * a place is not said again there: the HTML parser's copies of a misnested element (`<a>` in
 * `<p>`) are one thing the author wrote.
 */
export function runRules(book: Book, only?: Severity): void {
  for (const rule of rules) {
    const severity = book.config.rules[rule.id] ?? rule.severity;
    if (severity === 'off' || (only && severity !== only)) continue;
    if (rule.checkChapter) {
      for (const chapter of book.chapters) {
        if (!unparsed(chapter.file) || rule.blocking)
          chapter.file.messages.push(...chapterMessages(rule, chapter, severity));
      }
    }
    const said = new Set<string>();
    rule.check?.(book, (file, place, reason) => {
      if (!unparsed(file) || rule.blocking) reportOnce(file, place, reason, rule.id, severity, said);
    });
  }
}

/**
 * What a chapter rule says of a chapter, kept with the chapter's Markdown tree by rule and
 * severity: the parse cache keeps the tree while the chapter's text is unchanged, and the same
 * messages (whose `file` is a path) go onto the chapter's file of each build.
 */
const kept = new Map<string, Kept<MdRoot, readonly Message[]>>();

type Message = VFile['messages'][number];

function chapterMessages(rule: Rule, chapter: Chapter, severity: Severity): readonly Message[] {
  let ofRule = kept.get(rule.id);
  if (!ofRule) kept.set(rule.id, (ofRule = new Kept()));
  return ofRule.get(chapter.mdast, severity, () => {
    const file = new VFile({ path: chapter.file.path });
    const said = new Set<string>();
    rule.checkChapter?.(chapter, (place, reason) => reportOnce(file, place, reason, rule.id, severity, said));
    return file.messages;
  });
}

/** Reports a message unless the rule said it at that place already. */
function reportOnce(
  file: VFile,
  place: Position | Point | undefined,
  reason: string,
  id: string,
  severity: Severity,
  said: Set<string>,
): void {
  const at = range(place);
  const key = `${file.path}\0${at?.start.line}:${at?.start.column}\0${reason}`;
  if (said.has(key)) return;
  said.add(key);
  report(file, reason, at, id, severity);
}

function unparsed(file: VFile): boolean {
  return file.data.unreadable === true || file.data.tooSlow !== undefined;
}

/**
 * A place as a range that ends after it starts: a point covers one column, and so does a node
 * whose end the HTML parser put before its start (raw HTML that is never closed).
 */
function range(place: Position | Point | undefined): Position | undefined {
  const start = place && 'start' in place ? place.start : place;
  // The HTML parser leaves some elements it made without a place of their own.
  if (!start) return undefined;
  const end = place && 'end' in place ? place.end : undefined;
  const after = end && (end.line > start.line || (end.line === start.line && end.column > start.column));
  return { start, end: after ? end : { line: start.line, column: start.column + 1 } };
}
