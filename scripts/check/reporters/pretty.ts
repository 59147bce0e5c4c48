import path from 'node:path';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { sortedMessages } from './messages.js';

/** How many warnings of one rule in one file are shown before the rest are counted in one line. */
export const shownPerRule = 3;

/**
 * One line a message, as compilers print them (`path:line:column: severity: message [rule]`),
 * with the path relative to the current folder so editors and terminals jump to it.
 */
export function formatMessage(file: VFile, message: VFileMessage, color: boolean): string {
  const where = `${displayPath(file)}:${message.line ?? 1}:${message.column ?? 1}`;
  const severity = message.fatal ? 'error' : 'warning';
  const paint = (code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[39m` : text);
  const rule = paint(90, `[${message.ruleId ?? 'book'}]`);
  return `${where}: ${paint(message.fatal ? 31 : 33, severity)}: ${message.reason} ${rule}`;
}

/**
 * The messages for people: one line each, except that past `shownPerRule` warnings of one rule
 * in one file, one line counts the rest (unless `verbose`). Errors are always all shown.
 */
export function prettyLines(
  files: readonly VFile[],
  options: { color: boolean; verbose: boolean; hint: string },
): string[] {
  const lines: string[] = [];
  for (const file of files) {
    const shown = new Map<string, number>();
    const hidden = new Map<string, number>();
    for (const { message } of sortedMessages([file])) {
      const rule = message.ruleId ?? 'book';
      const count = (shown.get(rule) ?? 0) + 1;
      if (!options.verbose && !message.fatal && count > shownPerRule) {
        hidden.set(rule, (hidden.get(rule) ?? 0) + 1);
        continue;
      }
      if (!message.fatal) shown.set(rule, count);
      lines.push(formatMessage(file, message, options.color));
    }
    for (const [rule, count] of hidden) {
      lines.push(
        `${displayPath(file)}: … and ${count} more ${rule} warning${count === 1 ? '' : 's'} ` +
          `(${options.hint} shows them)`,
      );
    }
  }
  return lines;
}

function displayPath(file: VFile): string {
  return path.relative(process.cwd(), file.path) || file.path;
}
