import { inspect } from 'node:util';
import { build } from '../build.js';
import { bookFiles } from '../check/check-book.js';
import { summary } from '../check/reporters/messages.js';
import { prettyLines } from '../check/reporters/pretty.js';
import { createLog } from '../log.js';
import { ExitCode, StopError } from '../problems.js';
import { formats, type Format } from '../render/formats.js';

/** `build`: checks the book, then renders the asked formats. Returns the exit code. */
export async function buildCommand(flags: {
  config: string;
  out?: string | undefined;
  format?: string | undefined;
  quiet: boolean;
  verbose: boolean;
}): Promise<number> {
  const asked = flags.format
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = asked?.filter((f) => !(formats as readonly string[]).includes(f)) ?? [];
  if (unknown.length > 0 || asked?.length === 0) {
    throw new StopError(
      `--format takes a comma-separated list of ${formats.join(', ')}; got "${flags.format}"`,
      ExitCode.usage,
    );
  }
  const log = createLog(flags.quiet, flags.verbose);
  const started = performance.now();
  const result = await build(
    { config: flags.config, out: flags.out, formats: asked && ([...new Set(asked)] as Format[]) },
    log,
  );
  const files = bookFiles(result.book);
  for (const line of prettyLines(files, {
    color: process.stderr.isTTY === true,
    verbose: flags.verbose,
    hint: '--verbose',
  }))
    process.stderr.write(`${line}\n`);
  for (const failure of result.failed) {
    process.stderr.write(`${failure.format} failed: ${failure.reason}; its previous output was left as it was\n`);
    // With BOOK_DEBUG set, the whole error: its stack and its causes'.
    if (process.env.BOOK_DEBUG) process.stderr.write(`${stackOf(failure.error)}\n`);
  }
  const made = result.formats.length;
  log.line(
    `build: ${summary(files)}; ${made - result.failed.length} of ${made} formats ` +
      `written (${Math.round(performance.now() - started)} ms)`,
  );
  return result.failed.length > 0 ? ExitCode.render : ExitCode.ok;
}

/** An error's stack, then each cause's, as Node prints them. */
function stackOf(error: unknown): string {
  const lines: string[] = [];
  for (
    let each = error, depth = 0;
    each !== undefined && depth < 10;
    each = (each as { cause?: unknown }).cause, depth++
  ) {
    lines.push(`${depth ? 'caused by: ' : ''}${each instanceof Error ? (each.stack ?? each.message) : inspect(each)}`);
  }
  return lines.join('\n');
}
