import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

/** Where a message is: its first and last line and column (a point is a range of one place). */
export interface MessageRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Every message of these files, in reading order (file order, then line and column). */
export function sortedMessages(files: readonly VFile[]): { file: VFile; message: VFileMessage }[] {
  return files.flatMap((file) =>
    [...file.messages]
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
      .map((message) => ({ file, message })),
  );
}

/** A message's range, from its place. */
export function messageRange(message: VFileMessage): MessageRange {
  const line = message.line ?? 1;
  const column = message.column ?? 1;
  const end = message.place && 'end' in message.place ? message.place.end : undefined;
  return { line, column, endLine: end?.line ?? line, endColumn: end?.column ?? column };
}

/** How many errors and warnings these files have. */
export function countMessages(files: readonly VFile[]): { errors: number; warnings: number } {
  const all = files.flatMap((file) => file.messages);
  const errors = all.filter((m) => m.fatal === true).length;
  return { errors, warnings: all.length - errors };
}

/** "2 errors, 5 warnings". */
export function summary(files: readonly VFile[]): string {
  const { errors, warnings } = countMessages(files);
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}
