import type { VFile } from 'vfile';

/**
 * The lines of a chapter as the parser numbers them (a BOM dropped, any line ending), so that
 * `lines[position.line - 1]` is the line a node starts on and columns match.
 */
export function sourceLines(file: VFile): string[] {
  return String(file.value)
    .replace(/^\ufeff/, '')
    .split(/\r\n|\r|\n/);
}
