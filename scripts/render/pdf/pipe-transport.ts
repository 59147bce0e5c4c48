import type { Readable, Writable } from 'node:stream';
import type { ConnectionTransport } from 'puppeteer-core';

/**
 * The DevTools protocol over the pipe of a browser started with `--remote-debugging-pipe`: JSON
 * messages, each ended by a NUL byte, written to its fd 3 and read from its fd 4. Puppeteer has
 * one, but not in its public API; `ConnectionTransport`, which this implements, is.
 */
export class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  readonly #out: Writable;
  #pending: Buffer[] = [];

  constructor(out: Writable, input: Readable) {
    this.#out = out;
    input.on('data', (chunk: Buffer) => this.#receive(chunk));
    input.once('close', () => this.onclose?.());
    // Closed already: Puppeteer must hear it, or it waits for answers that cannot come.
    if (input.destroyed) setImmediate(() => this.onclose?.());
    // A browser that died mid-write is reported by whoever started it, not as an unhandled error.
    input.on('error', () => undefined);
    out.on('error', () => undefined);
  }

  send(message: string): void {
    this.#out.write(`${message}\0`);
  }

  close(): void {
    this.#out.end();
  }

  #receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      const message = Buffer.concat([...this.#pending, chunk.subarray(start, end)]).toString('utf8');
      this.#pending = [];
      start = end + 1;
      // Messages are handed on one at a time, after this read, as Puppeteer's own transport does.
      setImmediate(() => this.onmessage?.(message));
    }
    if (start < chunk.length) this.#pending.push(chunk.subarray(start));
  }
}
