import type { VFile } from 'vfile';
import { bookFiles, checkBook } from '../check/check-book.js';
import { githubReport } from '../check/reporters/github.js';
import { toJson } from '../check/reporters/json.js';
import { countMessages, summary } from '../check/reporters/messages.js';
import { prettyLines } from '../check/reporters/pretty.js';
import { statsTable } from '../check/reporters/stats-table.js';
import { bookStats } from '../check/stats.js';
import { createLog } from '../log.js';
import { ExitCode, StopError } from '../problems.js';

const reporters = ['pretty', 'json', 'github'] as const;
type Reporter = (typeof reporters)[number];

/** The flags of `check`, as the command line parses them. */
export interface CheckFlags {
  readonly config: string;
  readonly reporter?: string | undefined;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly strict: boolean;
  readonly 'max-warnings'?: string | undefined;
  readonly stats: boolean;
}

/**
 * `check`: the rules only, reported for people, as JSON or as GitHub annotations; or, with
 * `--stats`, the book's outline with its figures. Returns the exit code.
 */
export async function checkCommand(flags: CheckFlags): Promise<number> {
  const reporter = chooseReporter(flags.reporter);
  const maxWarnings = parseMaxWarnings(flags['max-warnings']);
  const log = createLog(flags.quiet || reporter === 'json');
  let book;
  try {
    book = await checkBook(flags.config, log);
  } catch (error) {
    if (!(error instanceof StopError) || reporter === 'pretty' || error.files.length === 0) throw error;
    // book.yaml's problems still come in the asked format; the exit code says it was a usage error.
    print(reporter, error.files, { verbose: true });
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  if (flags.stats) {
    const stats = bookStats(book);
    write(reporter === 'json' ? [JSON.stringify(stats, null, 2)] : statsTable(stats));
    return ExitCode.ok;
  }
  const files = bookFiles(book);
  print(reporter, files, { verbose: flags.verbose });
  return verdict(files, { strict: flags.strict, maxWarnings });
}

/** `--reporter`, or `github` inside GitHub Actions, else `pretty`. */
function chooseReporter(asked: string | undefined): Reporter {
  const reporter = asked ?? (process.env.GITHUB_ACTIONS === 'true' ? 'github' : 'pretty');
  if (!(reporters as readonly string[]).includes(reporter)) {
    throw new StopError(`--reporter takes ${reporters.join(', ')}; got "${reporter}"`, ExitCode.usage);
  }
  return reporter as Reporter;
}

function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new StopError(`--max-warnings takes a whole number, such as 0 or 20; got "${value}"`, ExitCode.usage);
  return Number(value);
}

function print(reporter: Reporter, files: readonly VFile[], options: { verbose: boolean }): void {
  if (reporter === 'json') write([JSON.stringify(toJson(files, files[0]?.dirname ?? process.cwd()), null, 2)]);
  else if (reporter === 'github') write([...githubReport(files), summary(files)]);
  else
    write([
      ...prettyLines(files, { color: process.stdout.isTTY === true, verbose: options.verbose, hint: '--verbose' }),
      summary(files),
    ]);
}

/** Errors fail the check; warnings too with `--strict`, or past `--max-warnings` (as ESLint counts them). */
function verdict(files: readonly VFile[], options: { strict: boolean; maxWarnings: number | undefined }): number {
  const { errors, warnings } = countMessages(files);
  if (errors > 0) return ExitCode.manuscript;
  if (options.strict && warnings > 0) {
    process.stderr.write(`check failed: --strict makes the ${warnings} warning${warnings === 1 ? '' : 's'} fail it\n`);
    return ExitCode.manuscript;
  }
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    process.stderr.write(`check failed: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
    return ExitCode.manuscript;
  }
  return ExitCode.ok;
}

function write(lines: readonly string[]): void {
  process.stdout.write(lines.map((line) => `${line}\n`).join(''));
}
