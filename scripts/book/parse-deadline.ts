import vm from 'node:vm';

/** A chapter whose parse was stopped at its deadline: where it is slow, and the construct that makes it so. */
export interface TooSlow {
  readonly seconds: number;
  readonly line: number;
  readonly column: number;
  /** What the paragraph at that place is made of (`emphasis delimiters: 130,000 * and _`). */
  readonly construct: string;
}

declare module 'vfile' {
  interface DataMap {
    /**
     * A chapter whose parse did not end by its deadline: it is parsed as empty and only the `parse-time` rule reports
     * on it.
     */
    tooSlow: TooSlow;
  }
}

/** The default deadline of a chapter's parse: 10 s, and 5 s more for every 100 kB of text. */
export function defaultDeadline(length: number): number {
  return 10 + 5 * Math.ceil(length / 100_000);
}

const runner = new vm.Script('globalThis.__bookParseTask()', { filename: 'parse-deadline.js' });

/**
 * Runs a synchronous task with a deadline, in this thread: V8 stops it at the deadline (vm's
 * `timeout`, a watchdog that terminates the running script, whatever function it is in), and
 * `undefined` is returned. A worker thread would do the same at the cost of starting one, loading
 * the parser into it and copying the trees back for every chapter; this costs a watchdog thread's
 * start. What the task built is dropped with it: it must write nothing outside itself.
 */
export function withDeadline<T>(task: () => T, seconds: number): T | undefined {
  const slot = globalThis as { __bookParseTask?: () => void };
  let result: T | undefined;
  slot.__bookParseTask = () => void (result = task());
  try {
    runner.runInThisContext({ timeout: Math.max(1, Math.round(seconds * 1000)) });
    return result;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return undefined;
    throw error;
  } finally {
    delete slot.__bookParseTask;
  }
}

/**
 * Where a chapter that the parser could not finish is slow, found without the parser: its
 * longest paragraph (blocks between blank lines), and what that paragraph holds most of among the
 * constructs whose matching can take a parser quadratic time (CommonMark's pathological inputs):
 * emphasis delimiters, link brackets, backtick runs, raw HTML's `<`, blockquote markers.
 */
export function slowestPlace(text: string): Omit<TooSlow, 'seconds'> {
  const blocks = text.split(/\n[ \t]*\n/);
  let offset = 0;
  let longest = { offset: 0, text: '' };
  for (const block of blocks) {
    if (block.length > longest.text.length) longest = { offset, text: block };
    offset += block.length + 1;
    while (text[offset] !== undefined && text[offset] !== '\n' && /[ \t]/.test(text[offset]!)) offset++;
    if (text[offset] === '\n') offset++;
  }
  const start = longest.offset + (/^\s*/.exec(longest.text)?.[0].length ?? 0);
  const before = text.slice(0, start);
  const line = before.split('\n').length;
  const column = start - before.lastIndexOf('\n');
  const count = (pattern: RegExp): number => longest.text.match(pattern)?.length ?? 0;
  const kinds = [
    { name: 'emphasis delimiters (* and _)', n: count(/[*_]/g) },
    { name: 'link brackets ([ and ])', n: count(/[[\]]/g) },
    { name: 'backticks', n: count(/`/g) },
    { name: 'raw HTML (<)', n: count(/</g) },
    { name: 'blockquote markers (>)', n: count(/>/g) },
  ].sort((a, b) => b.n - a.n);
  const top = kinds[0]!;
  const paragraph = `a paragraph of ${longest.text.length.toLocaleString('en')} characters`;
  const construct = top.n > 0 ? `${top.n.toLocaleString('en')} ${top.name} in ${paragraph}` : paragraph;
  return { line, column, construct };
}
