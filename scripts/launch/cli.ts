import { loadBundle, type LoadedBundle } from './bundle.js';

/** `node .build/cli.js …`, the only code that runs before the bundle: see bundle.ts. */
let bundle: LoadedBundle | undefined;
try {
  bundle = loadBundle(import.meta.dirname);
} catch (error) {
  process.stderr.write(`this tool is not compiled (${(error as Error).message.split('\n')[0]}): run npm run compile\n`);
  process.exitCode = 4;
}
if (bundle) process.exitCode = await bundle.run(process.argv.slice(2));
