import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';

/** Exit codes of every command; the README documents them. */
export const ExitCode = {
  ok: 0,
  manuscript: 1,
  usage: 2,
  render: 3,
  internal: 4,
} as const;

export type Severity = 'error' | 'warning';

/**
 * Adds a positioned message to a file. Errors are `fatal: true` and warnings `fatal: false`, as
 * vfile-reporter reads them; nothing is thrown.
 */
export function report(
  file: VFile,
  reason: string,
  place: Position | Point | undefined,
  ruleId: string,
  severity: Severity,
  source = 'book',
): void {
  // A message about the author's text has no use for this tool's stack, and taking it is most of
  // a message's cost (thousands in a large book).
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const message = file.message(reason, { place, ruleId, source });
    message.fatal = severity === 'error';
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** A problem that stops a command: an exit code and files whose messages say why. */
export class StopError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly files: readonly VFile[] = [],
  ) {
    super(message);
    this.name = 'StopError';
  }
}

/** True when any message on these files is an error. */
export function hasErrors(files: readonly VFile[]): boolean {
  return files.some((file) => file.messages.some((m) => m.fatal === true));
}

/** Text from the manuscript as a message shows it: on one line, and cut short past 60 characters. */
export function shown(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
