import { spawn } from 'node:child_process';
import { createLog } from '../log.js';
import { ExitCode, StopError } from '../problems.js';
import { startPreview } from '../preview/preview.js';

/** The port when none is given; if it is busy, the next free one is taken. */
const defaultPort = 3000;
/** The signals that stop the preview. */
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * `preview`: builds and serves the HTML, rebuilding on every save, until a signal (Ctrl-C,
 * SIGTERM, SIGHUP) stops it: exit 0, within a second, nothing written after it. A second signal
 * exits at once, with 130.
 */
export async function previewCommand(flags: {
  config: string;
  port?: string | undefined;
  host: string;
  open: boolean;
  out?: string | undefined;
  quiet: boolean;
}): Promise<number> {
  const port = flags.port === undefined ? defaultPort : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new StopError(`--port takes a port number from 0 to 65535; got "${flags.port}"`, ExitCode.usage);
  const log = createLog(flags.quiet);
  let stopping = false;
  const stopped = new Promise<'stopped'>((resolve) => {
    const stop = (): void => {
      if (stopping) process.exit(130);
      stopping = true;
      resolve('stopped');
    };
    for (const signal of stopSignals) process.on(signal, stop);
  });
  const preview = await startPreview(
    { config: flags.config, port, portChosen: flags.port !== undefined, host: flags.host, out: flags.out },
    log,
  );
  // A stop during the first build ends it there: nothing of it is written.
  const first = await Promise.race([preview.ready.then(() => 'ready' as const), stopped]).catch(
    async (error: unknown) => {
      await preview.close();
      throw error;
    },
  );
  if (first === 'ready') {
    process.stdout.write(`preview: ${preview.url} (Ctrl-C stops it)\n`);
    if (flags.open) openInBrowser(preview.url, log);
    await stopped;
  }
  // A build under way writes nothing now; its last steps are not waited for past a second.
  setTimeout(() => process.exit(ExitCode.ok), 1000).unref();
  await preview.close();
  return ExitCode.ok;
}

/** Opens the page in the user's browser: `$BROWSER` if set, else the system's opener. */
function openInBrowser(url: string, log: { line(text: string): void }): void {
  const [command, ...args] = process.env.BROWSER
    ? [process.env.BROWSER, url]
    : process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '', url]
        : ['xdg-open', url];
  const child = spawn(command!, args, { stdio: 'ignore', detached: true });
  child.on('error', () => log.line(`could not open a browser (${command}): open ${url} yourself`));
  child.unref();
}
