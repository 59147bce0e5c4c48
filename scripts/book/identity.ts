import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { BookConfig } from '../config/load-config.js';

/** The book's identifier: book.yaml's, or a name-based UUID (v5) of its title and authors, so every build agrees. */
export function bookIdentifier(config: BookConfig): string {
  if (config.identifier) return config.identifier;
  const name = [config.title, ...config.authors.map((a) => a.name)].join('\n');
  return `urn:uuid:${uuidV5(name, '6ba7b811-9dad-11d1-80b4-00c04fd430c8')}`;
}

function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The time the EPUB says it was modified, and the date of its zip entries: `SOURCE_DATE_EPOCH`
 * when set, else the last git commit of the book's folder, else book.yaml's `date`, else a fixed
 * date. Never the clock, so two builds of the same sources are byte-identical.
 */
export async function buildTime(config: BookConfig, env: NodeJS.ProcessEnv = process.env): Promise<Date> {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  const commit = await lastCommitTime(config.root);
  if (commit) return commit;
  if (config.date) return new Date(`${config.date.padEnd(10, '-01').slice(0, 10)}T00:00:00Z`);
  return new Date('2000-01-01T00:00:00Z');
}

/** Asked of git without waiting for it: the build goes on meanwhile. */
function lastCommitTime(folder: string): Promise<Date | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['log', '-1', '--format=%ct', '--', '.'], { cwd: folder, timeout: 5000 }, (error, out) => {
      const seconds = error ? 0 : Number(String(out).trim());
      resolve(seconds > 0 ? new Date(seconds * 1000) : undefined);
    });
  });
}
