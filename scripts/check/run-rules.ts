import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { Book } from '../book/types.js';
import { report } from '../problems.js';
import { rules } from './rules/index.js';

/**
 * Runs every rule that book.yaml does not switch off, at book.yaml's severity or the rule's own.
 * A chapter that could not be parsed gets only the message that says why. A message said once at
 * a place is not said again there: the HTML parser's copies of a misnested element (`<a>` in
 * `<p>`) are one thing the author wrote.
 */
export function runRules(book: Book): void {
  const said = new Set<string>();
  for (const rule of rules) {
    const severity = book.config.rules[rule.id] ?? rule.severity;
    if (severity === 'off') continue;
    rule.check(book, (file, place, reason) => {
      if (unparsed(file) && !rule.blocking) return;
      const at = range(place);
      const key = `${file.path}\0${at?.start.line}:${at?.start.column}\0${rule.id}\0${reason}`;
      if (said.has(key)) return;
      said.add(key);
      report(file, reason, at, rule.id, severity);
    });
  }
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
