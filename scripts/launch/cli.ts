import { loadBundle } from './bundle.js';

/** `node .build/cli.js …`, the only code that runs before the bundle: see bundle.ts. */
let run: ((argv: string[]) => Promise<number>) | undefined;
try {
  run = loadBundle(import.meta.dirname);
} catch (error) {
  process.stderr.write(`this tool is not compiled (${(error as Error).message.split('\n')[0]}): run npm run compile\n`);
  process.exitCode = 4;
}
if (run) process.exitCode = await run(process.argv.slice(2));
