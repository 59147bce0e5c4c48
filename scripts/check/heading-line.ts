/** A stretch of a source line: its 1-based column and its text. */
export interface Span {
  readonly column: number;
  readonly text: string;
}

/**
 * An ATX heading's line taken apart, from its first `#`: the opening `#`s, the whitespace after
 * them, the whitespace before a closing sequence and the sequence, a `#` run glued to the text
 * (`## C#`, which Markdown reads as text), and trailing whitespace. Only parts that are there.
 */
export interface AtxLine {
  readonly opening: Span;
  /** Whitespace between the opening `#`s and the text; absent when the heading has no text. */
  readonly gap?: Span;
  readonly closingGap?: Span;
  readonly closing?: Span;
  readonly glued?: Span;
  readonly trailing?: Span;
}

/** Takes apart an ATX heading's line; `start` is the 1-based column of its first `#`. */
export function parseAtxLine(line: string, start: number): AtxLine {
  const from = start - 1;
  const opening = /^#+/.exec(line.slice(from))?.[0] ?? '#';
  let at = from + opening.length;
  const rest = line.slice(at);
  const body = rest.replace(/[ \t]+$/, '');
  const trailing = span(at + body.length, rest.slice(body.length));
  const gapText = /^[ \t]*/.exec(body)![0];
  const core = body.slice(gapText.length);
  const open = { column: start, text: opening };
  if (core === '' || /^#+$/.test(core)) return { opening: open, trailing };
  const gap = span(at, gapText);
  at += gapText.length;
  const closing = /([ \t]+)(#+)$/.exec(core);
  if (closing) {
    const gapAt = at + closing.index;
    return {
      opening: open,
      gap,
      closingGap: span(gapAt, closing[1]!),
      closing: span(gapAt + closing[1]!.length, closing[2]!),
      trailing,
    };
  }
  return { opening: open, gap, glued: gluedRun(core, at), trailing };
}

/**
 * A run of `#` at the end of the text with no space before it (`C#`, or the two after `\#` in `\###`): Markdown reads
 * it as text.
 */
function gluedRun(core: string, at: number): Span | undefined {
  const run = /#+$/.exec(core);
  if (!run) return undefined;
  // `\#` is an escaped `#`, text on purpose; only the `#`s after it are glued.
  const escaped = core[run.index - 1] === '\\' ? 1 : 0;
  return span(at + run.index + escaped, run[0].slice(escaped));
}

/** Says what a run of whitespace is: "2 spaces", "a tab", "a space and a tab". */
export function describeWhitespace(text: string): string {
  const tabs = text.split('\t').length - 1;
  const spaces = text.length - tabs;
  const part = (n: number, one: string, many: string): string => (n === 0 ? '' : n === 1 ? one : `${n} ${many}`);
  return [part(spaces, 'a space', 'spaces'), part(tabs, 'a tab', 'tabs')].filter(Boolean).join(' and ');
}

/** Whitespace that is more than one space: two or more, or any tab. */
export function tooMuch(whitespace: Span | undefined): whitespace is Span {
  return whitespace !== undefined && (whitespace.text.length > 1 || whitespace.text.includes('\t'));
}

function span(index: number, text: string): Span | undefined {
  return text === '' ? undefined : { column: index + 1, text };
}
