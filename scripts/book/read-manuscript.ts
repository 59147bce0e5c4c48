import { readFileSync, statSync } from 'node:fs';
import { VFile } from 'vfile';
import type { BookConfig } from '../config/load-config.js';
import { ExitCode, report, StopError } from '../problems.js';

/**
 * Reads every chapter named in book.yaml as UTF-8 text. A chapter that is missing or not a file
 * is a book.yaml error (exit 2). One that is not UTF-8 text is noted for the `encoding` rule and
 * read as well as it can be (binary as empty), so the other chapters are still checked.
 */
export function readManuscript(config: BookConfig): VFile[] {
  const chapters: VFile[] = [];
  for (const entry of config.chapters) {
    const stat = statSync(entry.path, { throwIfNoEntry: false });
    if (!stat?.isFile()) {
      const what = stat ? 'is not a file' : 'does not exist';
      report(
        config.file,
        `chapter "${entry.written}" ${what}; fix the path in "chapters" or create the file`,
        entry.position,
        'config',
        'error',
        'book.yaml',
      );
      continue;
    }
    const file = new VFile({ path: entry.path });
    file.value = decode(readFileSync(entry.path), file);
    chapters.push(file);
  }
  if (config.file.messages.some((message) => message.fatal)) {
    throw new StopError('book.yaml names chapters that cannot be read', ExitCode.usage, [config.file]);
  }
  return chapters;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

declare module 'vfile' {
  interface DataMap {
    /** A chapter that is binary, not text: only its encoding problem is reported. */
    unreadable: boolean;
    /** Where the chapter stops being UTF-8 text, for the `encoding` rule. */
    encoding: { line: number; reason: string };
  }
}

/**
 * UTF-8 text (a BOM is fine: the parser skips it and positions stay right); anything else is noted
 * on the file. A NUL character in UTF-8 text is text all the same: CommonMark reads it as U+FFFD
 * (its section 2.3). Bytes that are not UTF-8 and hold a NUL are binary data.
 */
function decode(bytes: Buffer, file: VFile): string {
  try {
    // One character for one: positions stay where they are.
    return utf8.decode(bytes).replaceAll('\0', '\uFFFD');
  } catch {
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      const line = 1 + countNewlines(bytes.subarray(0, nul));
      // UTF-16 starts with its byte order mark, FF FE or FE FF.
      const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
      const reason = utf16
        ? 'this file is UTF-16 text; save it as UTF-8'
        : 'this file holds binary data (a NUL byte), not text; name a Markdown file';
      file.data.encoding = { line, reason };
      file.data.unreadable = true;
      return '';
    }
    const line = 1 + countNewlines(bytes.subarray(0, firstInvalidUtf8(bytes)));
    file.data.encoding = { line, reason: 'this file is not UTF-8 text (Latin-1?); save it as UTF-8' };
    // The rest of the file is still checked, with the bad bytes as U+FFFD: its lines stay where they are.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function countNewlines(bytes: Buffer): number {
  let n = 0;
  for (const byte of bytes) if (byte === 0x0a) n++;
  return n;
}

/** The offset of the first byte that does not decode as UTF-8. */
function firstInvalidUtf8(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search on prefixes: a valid prefix decodes (with `stream` so a cut sequence is not an error).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}
