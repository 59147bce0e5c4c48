import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { VFile } from 'vfile';
import { shownPerRule } from './check/reporters/pretty.js';
import { ExitCode, StopError } from './problems.js';
import { defaultFormats, formatEntries, formatEntry } from './render/formats.js';
import { toolRoot } from './tool-root.js';

/** A flag as node:util's parseArgs takes it, with what `--help` says of it. */
interface Flag {
  readonly type: 'string' | 'boolean';
  readonly default?: string | boolean;
  readonly short?: string;
  /** `--format LIST`: the value's name, for a string flag. */
  readonly value?: string;
  readonly help: string;
}

const common = {
  config: {
    type: 'string',
    default: 'book.yaml',
    value: 'FILE',
    help: "the book's book.yaml; chapters are read from its folder",
  },
  quiet: { type: 'boolean', default: false, help: 'print only problems' },
  verbose: {
    type: 'boolean',
    default: false,
    help: `show every warning (otherwise ${shownPerRule} per rule and file, then a count)`,
  },
} as const satisfies Record<string, Flag>;
const help = { type: 'boolean', default: false, short: 'h', help: 'show this help' } as const satisfies Flag;
const out = {
  type: 'string',
  value: 'DIR',
  help: 'the output folder (default: dist/ beside book.yaml)',
} as const satisfies Flag;

/** The commands: what each does, its flags, and an example, for `--help` and for mistakes. */
const commands = {
  build: {
    summary:
      `build the book: ${defaultFormats.map((name) => formatEntry(name).summary).join('; ')}; ` +
      `or the formats asked for`,
    flags: {
      ...common,
      format: {
        type: 'string',
        value: 'LIST',
        help:
          'the formats, comma-separated: ' +
          `${formatEntries.map((entry) => `${entry.name} (${entry.summary})`).join(', ')}; ` +
          `by default book.yaml's formats, else ${defaultFormats.join(', ')}`,
      },
      out,
      help,
    },
    example: 'book build --format epub,pdf --config manuscript/book.yaml',
  },
  check: {
    summary: "check the manuscript's structure, as a book's CI does",
    flags: {
      ...common,
      reporter: {
        type: 'string',
        value: 'NAME',
        help: 'pretty (default), json, or github (the default when GITHUB_ACTIONS=true)',
      },
      strict: { type: 'boolean', default: false, help: 'warnings fail the check too (exit 1)' },
      'max-warnings': { type: 'string', value: 'N', help: 'more than N warnings fail the check (exit 1)' },
      stats: {
        type: 'boolean',
        default: false,
        help: "the book's outline with words, reading time and empty sections, instead of messages",
      },
      help,
    },
    example: 'book check --strict --reporter github',
  },
  init: {
    summary: 'write a book.yaml for a folder of Markdown that has none (never overwrites one)',
    flags: { help },
    example: 'book init path/to/repository',
  },
  preview: {
    summary: 'serve the HTML and rebuild it on every save, until Ctrl-C',
    flags: {
      ...common,
      port: {
        type: 'string',
        value: 'N',
        help: 'the port; a busy one is an error (default: 3000, or the next free one; 0 picks any)',
      },
      host: {
        type: 'string',
        default: '127.0.0.1',
        value: 'HOST',
        help: 'the interface to serve on (0.0.0.0: every one, to read on a phone or e-reader)',
      },
      open: { type: 'boolean', default: false, help: 'open the page in the browser ($BROWSER, or the system default)' },
      out,
      help,
    },
    example: 'book preview --open',
  },
} as const satisfies Record<string, { summary: string; flags: Record<string, Flag>; example: string }>;
type Command = keyof typeof commands;
const names = Object.keys(commands) as Command[];

const exitCodes =
  'Exit codes: 0 done, 1 the manuscript has errors, 2 bad usage, book.yaml ' +
  'or output folder, 3 a format failed to render, 4 a bug.';

function toolHelp(): string {
  const width = Math.max(...names.map((name) => name.length)) + 2;
  return [
    'Usage: book <command> [flags]    (in this repository: npm run <command> -- [flags])',
    '',
    'Commands:',
    ...names.map((name) => `  ${name.padEnd(width)}${commands[name].summary}`),
    '',
    'Flags:',
    "  -h, --help     this help; `book <command> --help` for a command's flags",
    '  -v, --version  the version',
    '',
    exitCodes,
  ].join('\n');
}

/** Commands that take one folder after their flags. */
const takesFolder: ReadonlySet<Command> = new Set(['init']);

function commandHelp(name: Command): string {
  const flags = Object.entries(commands[name].flags) as [string, Flag][];
  const left = (flag: string, f: Flag): string =>
    `${f.short ? `-${f.short}, ` : '    '}--${flag}${f.value ? ` ${f.value}` : ''}`;
  const width = Math.max(...flags.map(([flag, f]) => left(flag, f).length)) + 2;
  const shownDefault = (f: Flag): string =>
    f.type === 'string' && f.default !== undefined ? ` (default: ${f.default})` : '';
  return [
    `Usage: book ${name} [flags]${takesFolder.has(name) ? ' [folder]' : ''}`,
    '',
    `${commands[name].summary.charAt(0).toUpperCase()}${commands[name].summary.slice(1)}.`,
    '',
    'Flags:',
    ...flags.map(([flag, f]) => `  ${left(flag, f).padEnd(width)}${f.help}${shownDefault(f)}`),
    '',
    `Example: ${commands[name].example}`,
    '',
    exitCodes,
  ].join('\n');
}

/** The version in the tool's package.json. */
function version(): string {
  const manifest = JSON.parse(readFileSync(path.join(toolRoot(), 'package.json'), 'utf8')) as {
    name: string;
    version?: string;
  };
  return `${manifest.name} ${manifest.version ?? '(no version)'}`;
}

/**
 * The command line: `build`, `check`, `init` and `preview`. Every ending is an exit code (0 ok, 1 manuscript
 * errors, 2 bad usage or book.yaml or output folder, 3 a format failed to render, 4 a bug) and
 * plain lines, never a stack trace. Help goes to stdout with exit 0; a mistake, to stderr with 2.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new StopError(toolHelp(), ExitCode.usage);
  if (command === '--help' || command === '-h' || command === 'help') {
    const asked = command === 'help' ? rest[0] : undefined;
    process.stdout.write(`${asked && isCommand(asked) ? commandHelp(asked) : toolHelp()}\n`);
    return ExitCode.ok;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version()}\n`);
    return ExitCode.ok;
  }
  if (!isCommand(command)) {
    const near = nearest(command, names);
    const instead = near ? `did you mean "${near}"?` : `the commands are ${names.join(', ')}`;
    throw new StopError(`unknown command "${command}": ${instead} ("book --help" says more)`, ExitCode.usage);
  }
  const { flags, positionals } = parse(command, rest);
  if (flags.help) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return ExitCode.ok;
  }
  // The flags were parsed with this command's options: their type is that command's.
  if (command === 'build')
    return (await import('./commands/build-command.js')).buildCommand(flags as ParsedFlags<'build'>);
  if (command === 'check')
    return (await import('./commands/check-command.js')).checkCommand(flags as ParsedFlags<'check'>);
  if (command === 'init') return (await import('./commands/init-command.js')).initCommand(positionals[0]);
  return (await import('./commands/preview-command.js')).previewCommand(flags as ParsedFlags<'preview'>);
}

function isCommand(name: string): name is Command {
  return Object.hasOwn(commands, name);
}

/** The flags of a command, typed as node:util's parseArgs gives them. */
type ParsedFlags<C extends Command> = ReturnType<
  typeof parseArgs<{ args: string[]; options: (typeof commands)[C]['flags']; strict: true; allowPositionals: false }>
>['values'];

function parse<C extends Command>(command: C, args: string[]): { flags: ParsedFlags<C>; positionals: string[] } {
  const options = commands[command].flags as Record<string, Flag>;
  let parsed: { values: unknown; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: takesFolder.has(command) });
  } catch (error) {
    const first = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
    const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(first);
    const near = unknown ? nearest(unknown[2]!, Object.keys(options)) : undefined;
    const hint = near ? `; did you mean "--${near}"?` : '';
    throw new StopError(`${first}${hint} ("book ${command} --help" lists its flags)`, ExitCode.usage);
  }
  if (parsed.positionals.length > 1)
    throw new StopError(
      `"book ${command}" takes one folder, not ${parsed.positionals.length} ("book ${command} --help" says more)`,
      ExitCode.usage,
    );
  return { flags: parsed.values as ParsedFlags<C>, positionals: parsed.positionals };
}

/**
 * The known word closest to a mistyped one, if it is close: at most a third of its letters
 * changed (Levenshtein distance), or the start of it written.
 */
function nearest(word: string, known: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    let row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++)
        next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length]!;
  };
  const scored = known.map((candidate) => ({
    candidate,
    score: candidate.startsWith(word) && word.length >= 2 ? 0 : distance(word, candidate),
  }));
  const best = scored.sort((a, b) => a.score - b.score)[0];
  return best && best.score <= Math.max(1, Math.floor(best.candidate.length / 3)) ? best.candidate : undefined;
}

/** Prints a stopping problem: its files' messages, then one plain line. */
async function printStop(error: StopError): Promise<void> {
  if (error.files.length > 0) {
    const { prettyLines } = await import('./check/reporters/pretty.js');
    const lines = prettyLines(error.files as VFile[], {
      color: process.stderr.isTTY === true,
      verbose: false,
      hint: 'check --verbose',
    });
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
    process.stderr.write(
      `internal error: ${error instanceof Error ? error.message : String(error)} ` +
        `(this is a bug; set BOOK_DEBUG=1 for details)\n`,
    );
    if (process.env.BOOK_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return ExitCode.internal;
  }
}
