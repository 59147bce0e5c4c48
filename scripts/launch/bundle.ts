import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The command's entry (`.build/cli.js`, launch/cli.ts) loads the tool's bundle (`book.cjs`) with
 * the V8 code cache that `npm run compile` made beside it, so that a build does not parse and
 * compile the bundle's functions again: that was a sixth of a cold HTML + EPUB build. Node 20
 * has no code cache for ES modules (`module.enableCompileCache` came in Node 22), hence CommonJS
 * bundles run through `vm.Script`. The packages that only one format uses are a bundle of their
 * own, loaded the same way when that format is built (Puppeteer and pdf-lib, two thirds of the
 * code, are `pdf-libs.cjs`; docx is `docx-libs.cjs`), so that the other commands neither read
 * their code nor take them from the cache. A missing, stale or rejected
 * cache (another Node, other V8 flags) only means the usual compile; nothing is written here.
 * V8 checks a cache's version, flags and source length, but not its contents: a damaged one
 * crashes the process (a fatal error, exit 133), so each cache file starts with the SHA-1 of the
 * rest, and one that does not match is not used.
 */
export interface LoadedScript<T> {
  readonly exports: T;
  readonly script: vm.Script;
}

export const bundleName = 'book.cjs';
/** The bundle of the packages that only one format uses (its registry entry's `libraries`): `pdf-libs.cjs`. */
export const libsBundleName = (format: string): string => `${format}-libs.cjs`;
/** A bundle's code cache: beside it, `.cache` added to its name. */
export const cacheName = (name: string): string => `${name}.cache`;

const digest = (data: Uint8Array): Buffer => createHash('sha1').update(data).digest();

/** A code cache as it is written: its SHA-1, then V8's data. */
export function sealCache(data: Buffer): Buffer {
  return Buffer.concat([digest(data), data]);
}

/** V8's data of a code cache file, when the file is there and whole. */
export function openCache(file: string): Buffer | undefined {
  let sealed: Buffer;
  try {
    sealed = readFileSync(file);
  } catch {
    return undefined;
  }
  const data = sealed.subarray(20);
  return sealed.length > 20 && digest(data).equals(sealed.subarray(0, 20)) ? data : undefined;
}

/**
 * Every script loaded in this process, by file, also by the copy of this module inside a bundle:
 * what `npm run compile` takes the code caches of.
 */
const registry = globalThis as { [key: symbol]: Map<string, LoadedScript<unknown>> | undefined };
export const loadedScripts = (registry[Symbol.for('book-pipeline.scripts')] ??= new Map());

/** Loads and starts the bundle `name` in `dir` (once), with its code cache when there is one. */
export function loadScript<T>(dir: string, name: string, { useCache = true } = {}): LoadedScript<T> {
  const file = path.join(dir, name);
  const loaded = loadedScripts.get(file);
  if (loaded) return loaded as LoadedScript<T>;
  // A bundle is ASCII (compile.ts escapes the rest): read as Latin-1, it needs no UTF-8 decoding.
  const source = readFileSync(file, 'latin1');
  // No cache, or a damaged one: compiled as usual.
  const cachedData = useCache ? openCache(path.join(dir, cacheName(name))) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dir);
  const started = { exports: module.exports, script };
  loadedScripts.set(file, started);
  return started;
}

/** The tool's bundle: its command line. */
export function loadBundle(dir: string, options?: { useCache?: boolean }): (argv: string[]) => Promise<number> {
  const { exports } = loadScript<{ run?: (argv: string[]) => Promise<number> }>(dir, bundleName, options);
  if (typeof exports.run !== 'function') throw new Error(`${path.join(dir, bundleName)} is not this tool's bundle`);
  return exports.run;
}
