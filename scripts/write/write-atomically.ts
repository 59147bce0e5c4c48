import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file whole or not at all: beside itself under a unique staging name
 * (`.<name>.<pid>-<random>.tmp`, which write-outputs.ts clears if a killed build left it), then
 * renamed over it, so a reader finds the old file or the new one, never half of one.
 */
export function writeAtomically(target: string, data: string | Uint8Array): void {
  const staging = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    writeFileSync(staging, data);
    renameSync(staging, target);
  } finally {
    rmSync(staging, { force: true });
  }
}
