import path from 'node:path';
import type { VFile } from 'vfile';
import { messageRange, sortedMessages } from './messages.js';

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

/** The JSON array of the `--reporter json` contract: every message, in reading order. */
export function toJson(files: readonly VFile[], root: string): JsonMessage[] {
  return sortedMessages(files).map(({ file, message }) => ({
    file: path.relative(root, file.path).split(path.sep).join('/'),
    ...messageRange(message),
    severity: message.fatal ? 'error' : 'warning',
    ruleId: message.ruleId ?? 'book',
    message: message.reason,
  }));
}
