import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** One timed run of a command: wall time, our process's peak memory, and what it printed on stderr. */
export interface Run {
  readonly ms: number;
  readonly peakKb: number;
  readonly browserPeakKb: number;
  readonly stderr: string;
  readonly status: number | null;
}

/**
 * Runs a command and times it from spawn to exit. Peak memory is the process's own high-water
 * mark (VmHWM, read just before it exits, through /usr/bin/time's %M when present); the
 * browser's is sampled every 50 ms as the summed resident memory of its processes.
 */
/** The longest one measured run may take: the 64× book builds in well under a minute. */
const runDeadline = 300_000;

export function timed(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const useTime = existsSync('/usr/bin/time');
    const child = spawn(
      useTime ? '/usr/bin/time' : command,
      useTime ? ['-f', '__peak_kb=%M', command, ...args] : args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    let browserPeakKb = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const sampler = setInterval(() => (browserPeakKb = Math.max(browserPeakKb, browserRssKb())), 50);
    const start = performance.now();
    // A run that hangs ends the bench with a message, not a wait without end.
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} was still running after ${runDeadline / 1000} s: killed`));
    }, runDeadline);
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = performance.now() - start;
      clearTimeout(deadline);
      clearInterval(sampler);
      const peakKb = Number(/__peak_kb=(\d+)/.exec(stderr)?.[1] ?? 0);
      resolve({ ms, peakKb, browserPeakKb, stderr: stderr.replace(/__peak_kb=\d+\n?/, ''), status });
    });
  });
}

/** The summed resident memory (KiB) of every Chrome or Chromium process now running. */
function browserRssKb(): number {
  let total = 0;
  if (!existsSync('/proc')) return 0;
  const pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s+(chrom|headless_shell)/m.test(status)) continue;
      total += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Each stage's time from the build's progress lines (`parse: … (123 ms)`). */
export function stageTimes(stderr: string): Map<string, number> {
  const stages = new Map<string, number>();
  for (const match of stderr.matchAll(/^([a-z][a-z ]*): .*\((\d+) ms\)$/gm)) stages.set(match[1]!, Number(match[2]));
  return stages;
}
