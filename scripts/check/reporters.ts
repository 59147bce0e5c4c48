import path from 'node:path';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

/** One message as the JSON reporter prints it; `file` is relative to the book's folder. */
export interface JsonMessage {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
  ruleId: string;
  message: string;
}

/** Every message of these files, in reading order (file order, then line and column). */
export function sortedMessages(files: readonly VFile[]): { file: VFile; message: VFileMessage }[] {
  return files.flatMap((file) =>
    [...file.messages]
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
      .map((message) => ({ file, message })),
  );
}

/** The JSON array of the `--reporter json` contract. */
export function toJson(files: readonly VFile[], root: string): JsonMessage[] {
  return sortedMessages(files).map(({ file, message }) => ({
    file: path.relative(root, file.path).split(path.sep).join('/'),
    line: message.line ?? 1,
    column: message.column ?? 1,
    endLine: message.place && 'end' in message.place ? message.place.end.line : (message.line ?? 1),
    endColumn: message.place && 'end' in message.place ? message.place.end.column : (message.column ?? 1),
    severity: message.fatal ? 'error' : 'warning',
    ruleId: message.ruleId ?? 'book',
    message: message.reason,
  }));
}

/**
 * One line a message, as compilers print them (`path:line:column: severity: message [rule]`),
 * with the path relative to the current folder so editors and terminals jump to it.
 */
export function formatMessage(file: VFile, message: VFileMessage, color: boolean): string {
  const where = `${path.relative(process.cwd(), file.path) || file.path}:${message.line ?? 1}:${message.column ?? 1}`;
  const severity = message.fatal ? 'error' : 'warning';
  const paint = (code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[39m` : text);
  return `${where}: ${paint(message.fatal ? 31 : 33, severity)}: ${message.reason} ${paint(90, `[${message.ruleId ?? 'book'}]`)}`;
}

/** "2 errors, 5 warnings". */
export function summary(files: readonly VFile[]): string {
  const all = files.flatMap((file) => file.messages);
  const errors = all.filter((m) => m.fatal).length;
  const warnings = all.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}
