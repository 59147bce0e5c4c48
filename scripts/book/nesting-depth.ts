/**
 * How deep lists and blockquotes may nest. The parser slows sharply past it (seconds at a few hundred levels), and
 * later steps run out of stack.
 */
export const maxNesting = 64;

/**
 * Where a chapter first nests deeper than `maxNesting`: its 1-based line and the column of the marker that goes over.
 */
export interface TooDeep {
  readonly line: number;
  readonly column: number;
  readonly depth: number;
}

type Container = { kind: 'quote' } | { kind: 'item'; indent: number };

/**
 * A cheap line scan for list and blockquote nesting, run before the parser: it follows `>`
 * markers, list markers and list-item indentation the way CommonMark opens containers, skipping
 * fenced code. Returns the first line that goes over `limit`, if any.
 */
export function findTooDeep(text: string, limit = maxNesting): TooDeep | undefined {
  const first = tooDeepPlaces(text, limit).next().value;
  return first && { line: first.line, column: first.column, depth: first.depth };
}

/**
 * The text with every list or blockquote marker that would open a container past `limit`
 * escaped with a backslash, so that the parser reads it, and the rest of its line, as text; and
 * the first such place. Every word stays; the parser and every later step, which walks the tree
 * recursively, are spared thousands of levels. Undefined when nothing nests that deep.
 */
export function escapeTooDeep(text: string, limit = maxNesting): { text: string; first: TooDeep } | undefined {
  const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
  const lines = text.slice(bom.length).split(/(\r\n|\r|\n)/);
  let first: TooDeep | undefined;
  for (const place of tooDeepPlaces(text, limit)) {
    first ??= { line: place.line, column: place.column, depth: place.depth };
    const index = 2 * (place.line - 1);
    const raw = lines[index]!;
    const at = rawIndex(raw, place.escape);
    lines[index] = `${raw.slice(0, at)}\\${raw.slice(at)}`;
  }
  return first && { text: bom + lines.join(''), first };
}

/** Where a tab-expanded column falls in the raw line (the scan reads a tab as four spaces). */
function rawIndex(raw: string, column: number): number {
  let width = 0;
  for (let index = 0; index < raw.length; index++) {
    if (width >= column) return index;
    width += raw[index] === '\t' ? 4 : 1;
  }
  return raw.length;
}

/**
 * Each line where a container would open past `limit`: its place, and the column of the marker's
 * punctuation to escape. The container is not opened, so the rest of that line is content.
 */
function* tooDeepPlaces(text: string, limit: number): Generator<TooDeep & { readonly escape: number }> {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  let open: Container[] = [];
  let fence: { marker: string; depth: number } | undefined;
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/\t/g, '    ');
    const matched = continued(line, open);
    let position = matched.position;
    open = open.slice(0, matched.count);
    if (fence && matched.count >= fence.depth) {
      if (closesFence(line.slice(position), fence.marker)) fence = undefined;
      continue;
    }
    fence = undefined;
    for (let opened = openContainer(line, position); opened; opened = openContainer(line, position)) {
      if (open.length === limit) {
        yield { line: index + 1, column: opened.marker + 1, depth: limit + 1, escape: opened.punctuation };
        break;
      }
      open.push(opened.container);
      position = opened.next;
    }
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line.slice(position));
    if (opener) fence = { marker: opener[1]!, depth: open.length };
  }
}

/** How many open containers this line continues, and where its own content starts. */
function continued(line: string, open: readonly Container[]): { count: number; position: number } {
  let position = 0;
  for (const [count, container] of open.entries()) {
    if (container.kind === 'quote') {
      const quote = /^ {0,3}> ?/.exec(line.slice(position));
      if (!quote) return { count, position };
      position += quote[0].length;
    } else if (line.slice(position).trim() !== '') {
      const spaces = /^ */.exec(line.slice(position))![0].length;
      if (spaces < container.indent) return { count, position };
      position += container.indent;
    }
  }
  return { count: open.length, position };
}

/** A blockquote or list item that starts at `position`, with the column of its marker and where its content starts. */
function openContainer(
  line: string,
  position: number,
): { container: Container; marker: number; punctuation: number; next: number } | undefined {
  const rest = line.slice(position);
  const quote = /^( {0,3})> ?/.exec(rest);
  if (quote)
    return {
      container: { kind: 'quote' },
      marker: position + quote[1]!.length,
      punctuation: position + quote[1]!.length,
      next: position + quote[0].length,
    };
  // A thematic break such as `* * *` is not three list items.
  if (/^ {0,3}([-*_])( *\1){2,} *$/.test(rest)) return undefined;
  const item = /^( {0,3})([-+*]|\d{1,9}[.)])( +|$)/.exec(rest);
  if (!item) return undefined;
  const marker = position + item[1]!.length;
  const spaces = item[3]!.length;
  // Content starts after one to four spaces; with none or more (indented code), after one.
  const content = marker + item[2]!.length + (spaces === 0 || spaces > 4 ? 1 : spaces);
  // An ordered item's punctuation is its `.` or `)`, after the digits.
  return {
    container: { kind: 'item', indent: content - position },
    marker,
    punctuation: marker + item[2]!.length - 1,
    next: content,
  };
}

function closesFence(content: string, marker: string): boolean {
  return new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`).test(content);
}
