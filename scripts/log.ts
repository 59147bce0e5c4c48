/** Progress lines on stderr: one per stage, with what it did and how long it took. */
export interface Log {
  /** Runs a stage and prints `name: summary (ms)` when it ends. */
  stage<T>(name: string, run: () => T, summary?: (result: Awaited<T>) => string): T;
  line(text: string): void;
  /** A line shown only with `--verbose`: what the build chose that the author may want to know. */
  note(text: string): void;
}

/** A log that prints to stderr, or nothing when `quiet`. */
export function createLog(quiet: boolean, verbose = false): Log {
  const line = (text: string): void => {
    if (!quiet) process.stderr.write(`${text}\n`);
  };
  return {
    line,
    note: (text) => {
      if (verbose) line(`note: ${text}`);
    },
    stage(name, run, summary) {
      const start = performance.now();
      const done = (result: unknown): void => {
        const ms = Math.round(performance.now() - start);
        const what = summary ? summary(result as never) : '';
        line(`${name}: ${what}${what ? ' ' : ''}(${ms} ms)`);
      };
      const result = run();
      if (result instanceof Promise) return result.then((value) => (done(value), value)) as typeof result;
      done(result);
      return result;
    },
  };
}
