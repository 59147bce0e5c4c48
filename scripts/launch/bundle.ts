import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The command's entry (`.build/cli.js`, launch/cli.ts) loads the tool's bundle (`book.cjs`) with
 * the V8 code cache that `npm run compile` made beside it, so that a build does not parse and
 * compile the bundle's functions again: that was a sixth of a cold HTML + EPUB build. Node 20
 * has no code cache for ES modules (`module.enableCompileCache` came in Node 22), hence one
 * CommonJS bundle run through `vm.Script`. A missing, stale or rejected cache (another Node, other
 * V8 flags) only means the usual compile; nothing is written here.
 */
export interface LoadedBundle {
  readonly run: (argv: string[]) => Promise<number>;
  readonly script: vm.Script;
}

export const bundleName = 'book.cjs';
export const codeCacheName = 'book.cjs.cache';

/** Loads and starts the bundle in `dir`, with its code cache when there is one. */
export function loadBundle(dir: string, { useCache = true } = {}): LoadedBundle {
  const file = path.join(dir, bundleName);
  // The bundle is ASCII (compile.ts escapes the rest): read as Latin-1, it needs no UTF-8 decoding.
  const source = readFileSync(file, 'latin1');
  let cachedData: Buffer | undefined;
  if (useCache) {
    try {
      cachedData = readFileSync(path.join(dir, codeCacheName));
    } catch {
      // No cache: compiled as usual.
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const module = { exports: {} as { run?: LoadedBundle['run'] } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dir);
  if (typeof module.exports.run !== 'function') throw new Error(`${file} is not this tool's bundle`);
  return { run: module.exports.run, script };
}
