import { createLog } from '../log.js';
import { ExitCode, StopError } from '../problems.js';
import { startPreview } from '../preview/preview.js';

/** `preview`: builds and serves the HTML on 127.0.0.1, rebuilding on every save, until Ctrl-C. */
export async function previewCommand(flags: { config: string; port: string; out?: string | undefined; quiet: boolean }): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StopError(`--port takes a port number from 0 to 65535; got "${flags.port}"`, ExitCode.usage);
  const log = createLog(flags.quiet);
  const preview = await startPreview({ config: flags.config, port, out: flags.out }, log);
  process.stdout.write(`preview: ${preview.url} (Ctrl-C stops it)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void preview.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return ExitCode.ok;
}
