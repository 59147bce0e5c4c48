import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { ExitCode, StopError } from '../problems.js';
import type { OutputFile } from '../render/renderer.js';
import { writeAtomically } from './write-atomically.js';

/**
 * Checks, before anything is built, that the output folder can be written: it is a folder (or
 * can be made) and is writable. A problem is exit 2 with nothing written.
 */
export function checkOutputFolder(out: string): void {
  let existing = out;
  while (!existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const stat = statSync(existing, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) {
    throw new StopError(`${existing} is a file, not a folder: choose another output folder with --out`, ExitCode.usage);
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch {
    throw new StopError(
      `${existing} cannot be written: choose another output folder with --out, or make it writable`,
      ExitCode.usage,
    );
  }
}

/**
 * Writes one format's files into the output folder atomically. Each top-level entry (a file such
 * as `book.epub`, or a folder such as `html/`) is written whole beside its target under a unique
 * staging name, then renamed into place, so a failed or interrupted build never leaves half an
 * output and the last good one stays until the new one is complete.
 */
export function writeOutputs(out: string, files: readonly OutputFile[]): void {
  mkdirSync(out, { recursive: true });
  const release = lock(out);
  try {
    removeStaleStaging(out);
    writeEntries(out, files);
  } finally {
    release();
  }
}

/**
 * Writes only some files of the output folder, each atomically (written beside itself, then
 * renamed over the old one), and removes the files named in `removed`: the preview's rebuilds,
 * which change a few files of thousands. A reader finds every file whole, old or new.
 */
export function updateOutputs(out: string, files: readonly OutputFile[], removed: readonly string[]): void {
  const release = lock(out);
  try {
    for (const file of files) {
      const target = path.join(out, ...file.path.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeAtomically(target, file.data);
    }
    for (const name of removed) rmSync(path.join(out, ...name.split('/')), { force: true });
  } finally {
    release();
  }
}

function writeEntries(out: string, files: readonly OutputFile[]): void {
  const entries = new Map<string, OutputFile[]>();
  for (const file of files) {
    const [top] = file.path.split('/');
    entries.set(top!, [...(entries.get(top!) ?? []), file]);
  }
  for (const [top, group] of entries) {
    const target = path.join(out, top);
    const staging = path.join(out, `.${top}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      for (const file of group) {
        const destination = path.join(staging, ...file.path.split('/').slice(1));
        mkdirSync(path.dirname(destination), { recursive: true });
        writeFileSync(destination, file.data);
      }
      const isFolder = group.length > 1 || group[0]!.path.includes('/');
      if (isFolder) swapFolder(staging, target);
      else renameSync(staging, target);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
}

/** Replaces a folder by another: rename is atomic for files but not over a non-empty folder. */
function swapFolder(staging: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(staging, target);
    return;
  }
  const old = `${staging}.old`;
  renameSync(target, old);
  try {
    renameSync(staging, target);
  } catch (error) {
    renameSync(old, target);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

/** Staging names: `.<entry>.<pid>-<random>.tmp`, and `….tmp.old` for a folder being replaced. */
const stagingName = /^\.(.+)\.(\d+)-[0-9a-f]{8}\.tmp(\.old)?$/;

/** Removes what an interrupted build (a process that no longer runs) left staged. */
function removeStaleStaging(out: string): void {
  for (const name of readdirSync(out)) {
    const match = stagingName.exec(name);
    if (match && !alive(Number(match[2]))) rmSync(path.join(out, name), { recursive: true, force: true });
  }
}

/**
 * Takes the output folder's write lock (`.book-write.lock`), waiting while another build holds
 * it, so two builds into one folder each leave whole outputs. A lock whose process is gone is
 * taken over. The lock is a hard link to a file already holding this process's id, made in one
 * step, so a build killed at any moment never leaves a lock without its holder's id.
 */
function lock(out: string): () => void {
  const file = path.join(out, '.book-write.lock');
  const mine = path.join(out, `.book-write.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(mine, String(process.pid));
  const deadline = Date.now() + 10 * 60_000;
  try {
    for (;;) {
      try {
        linkSync(mine, file);
        return () => rmSync(file, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        let holder: number;
        try {
          holder = Number(readFileSync(file, 'utf8'));
        } catch {
          continue; // released meanwhile
        }
        if (!alive(holder) || holder === process.pid) {
          rmSync(file, { force: true });
          continue;
        }
        if (Date.now() > deadline)
          throw new Error(`another build (process ${holder}) has held ${file} for ten minutes`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
