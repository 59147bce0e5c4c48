import path from 'node:path';
import type { VFile } from 'vfile';
import { messageRange, sortedMessages } from './messages.js';

/**
 * Every message as a GitHub Actions workflow command (`::error file=…,line=…::message`), which
 * the run shows as annotations on the files. Paths are relative to the current folder, the
 * repository's root in a workflow.
 */
export function githubReport(files: readonly VFile[]): string[] {
  return sortedMessages(files).map(({ file, message }) => {
    const range = messageRange(message);
    const properties = [
      `file=${escapeProperty(path.relative(process.cwd(), file.path).split(path.sep).join('/'))}`,
      `line=${range.line}`,
      `col=${range.column}`,
      `endLine=${range.endLine}`,
      `endColumn=${range.endColumn}`,
      `title=${escapeProperty(message.ruleId ?? 'book')}`,
    ];
    return `::${message.fatal ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(message.reason)}`;
  });
}

/** Escapes a command's message as GitHub's toolkit does: `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command's property value: as the message, and also `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
