import { bookFiles, checkBook } from '../build.js';
import { formatMessage, sortedMessages, summary, toJson } from '../check/reporters.js';
import { createLog } from '../log.js';
import { ExitCode, hasErrors, StopError } from '../problems.js';

/** `check`: the rules only, reported for people or as JSON. Returns the exit code. */
export async function checkCommand(flags: { config: string; reporter: string; quiet: boolean }): Promise<number> {
  if (flags.reporter !== 'pretty' && flags.reporter !== 'json') {
    throw new StopError(`--reporter takes pretty or json; got "${flags.reporter}"`, ExitCode.usage);
  }
  const log = createLog(flags.quiet || flags.reporter === 'json');
  let files;
  try {
    const book = checkBook(flags.config, log);
    files = bookFiles(book);
  } catch (error) {
    if (!(error instanceof StopError) || flags.reporter !== 'json' || error.files.length === 0) throw error;
    // book.yaml problems still come as the JSON array, then the exit code says it was a usage error.
    process.stdout.write(`${JSON.stringify(toJson(error.files, error.files[0]!.dirname ?? process.cwd()), null, 2)}\n`);
    return error.exitCode;
  }
  if (flags.reporter === 'json') {
    process.stdout.write(`${JSON.stringify(toJson(files, files[0]!.dirname ?? process.cwd()), null, 2)}\n`);
  } else {
    const color = process.stdout.isTTY === true;
    for (const { file, message } of sortedMessages(files)) process.stdout.write(`${formatMessage(file, message, color)}\n`);
    process.stdout.write(`${summary(files)}\n`);
  }
  return hasErrors(files) ? ExitCode.manuscript : ExitCode.ok;
}
