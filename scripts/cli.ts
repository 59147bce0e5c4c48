import { parseArgs } from 'node:util';
import type { VFile } from 'vfile';
import { shownPerRule } from './check/reporters/pretty.js';
import { ExitCode, StopError } from './problems.js';

const usage = `Usage:
  build [--format html,epub,pdf] [--config book.yaml] [--out dir] [--quiet] [--verbose]
  check [--config book.yaml] [--reporter pretty|json|github] [--strict] [--max-warnings N]
        [--verbose] [--stats] [--quiet]
  preview [--config book.yaml] [--port 3000] [--out dir] [--quiet]

  --reporter      pretty (default), json, or github (the default when GITHUB_ACTIONS=true)
  --strict        warnings fail the check too (exit 1)
  --max-warnings  more than N warnings fail the check (exit 1)
  --verbose       show every warning (pretty shows ${shownPerRule} per rule and file, then counts the rest)
  --stats         the book's outline with words, reading time and empty sections, instead of messages
  --port          the preview's port on 127.0.0.1 (0 picks a free one)`;

/**
 * The command line: `build`, `check` and `preview`. Every ending is an exit code (0 ok, 1 manuscript
 * errors, 2 bad usage or book.yaml or output folder, 3 a format failed to render, 4 a bug) and
 * plain lines, never a stack trace.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'build') return (await import('./commands/build-command.js')).buildCommand(parse(rest, buildFlags));
  if (command === 'check') return (await import('./commands/check-command.js')).checkCommand(parse(rest, checkFlags));
  if (command === 'preview') return (await import('./commands/preview-command.js')).previewCommand(parse(rest, previewFlags));
  throw new StopError(command ? `unknown command "${command}"\n${usage}` : usage, ExitCode.usage);
}

const common = {
  config: { type: 'string', default: 'book.yaml' },
  quiet: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
} as const;
const buildFlags = { ...common, format: { type: 'string', default: 'html,epub,pdf' }, out: { type: 'string' } } as const;
const checkFlags = {
  ...common,
  reporter: { type: 'string' },
  strict: { type: 'boolean', default: false },
  'max-warnings': { type: 'string' },
  stats: { type: 'boolean', default: false },
} as const;

const previewFlags = { ...common, port: { type: 'string', default: '3000' }, out: { type: 'string' } } as const;

function parse<T extends typeof buildFlags | typeof checkFlags | typeof previewFlags>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new StopError(`${(error as Error).message.split('\n')[0]}\n${usage}`, ExitCode.usage);
  }
}

/** Prints a stopping problem: its files' messages, then one plain line. */
async function printStop(error: StopError): Promise<void> {
  if (error.files.length > 0) {
    const { prettyLines } = await import('./check/reporters/pretty.js');
    const lines = prettyLines(error.files as VFile[], { color: process.stderr.isTTY === true, verbose: false, hint: 'check --verbose' });
    for (const line of lines) process.stderr.write(`${line}\n`);
  }
  process.stderr.write(`${error.message}\n`);
}

/**
 * Runs one command line to its exit code. Called by the launcher (`.build/cli.js`), which loads
 * the compiled bundle with its code cache; nothing here runs on import.
 */
export async function run(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    if (error instanceof StopError) {
      await printStop(error);
      return error.exitCode;
    }
    process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)} (this is a bug; set BOOK_DEBUG=1 for details)\n`);
    if (process.env.BOOK_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return ExitCode.internal;
  }
}
