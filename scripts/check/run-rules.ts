import type { Book } from '../book/types.js';
import { report } from '../problems.js';
import { rules } from './rules/index.js';

/** Runs every rule that book.yaml does not switch off, at book.yaml's severity or the rule's own. */
export function runRules(book: Book): void {
  for (const rule of rules) {
    const severity = book.config.rules[rule.id] ?? rule.severity;
    if (severity === 'off') continue;
    rule.check(book, (file, place, reason) => {
      if (!file.data.unreadable || rule.id === 'encoding') report(file, reason, place, rule.id, severity);
    });
  }
}
