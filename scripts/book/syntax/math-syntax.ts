import type { InlineMath } from 'mdast-util-math';
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Processor } from 'unified';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    mathText: 'mathText';
    mathTextSequence: 'mathTextSequence';
    mathTextData: 'mathTextData';
  }
}

declare module 'mdast-util-math' {
  interface InlineMathData {
    /** `$$…$$`: shown as a block of its own. */
    display?: boolean;
  }
}

const dollar = 36;
const backtick = 96;
const backslash = 92;

/**
 * TeX math in text as GitHub reads it, written here because micromark-extension-math reads `$`
 * like a code span (any `$…$` is math, so "a price of $5 and $10" would hold some), and has no
 * `` $`…`$ ``:
 * - `$…$`: the opening `$` is not followed by whitespace, the closing one is not preceded by
 *   whitespace nor followed by a digit (Pandoc's `tex_math_dollars`, which GitHub and GitLab follow);
 * - `$$…$$`: display math, spaces and line endings inside allowed;
 * - `` $`…`$ ``: GitHub's form for TeX that Markdown would otherwise read (`` $`a*b*c`$ ``).
 * A backslash escapes the next character inside; `\$` outside is Markdown's escape, not math.
 *
 * Linear time: a `$` whose search for its closing delimiter reaches the end of its paragraph
 * records how far it got, and every later opener of the same kind before that point fails at once
 * (a closing delimiter that one of them could use would have closed the first).
 */
export function mathSyntax(): Extension {
  const failed = new WeakMap<object, Map<string, { from: number; to: number }>>();
  const construct: Construct = {
    name: 'mathText',
    tokenize(effects, ok, nok) {
      return tokenizeMath.call(this, effects, ok, nok, failed);
    },
    previous: (code) => code !== dollar,
  };
  return { text: { [dollar]: construct } };
}

/**
 * Where a `$` of each kind, in a paragraph (keyed by its parser), last failed: from its start to where its search
 * ended.
 */
type Failures = WeakMap<object, Map<string, { from: number; to: number }>>;

/** Micromark's tokenizer of math in text, with the failures recorded in its paragraph. */
function tokenizeMath(this: TokenizeContext, effects: Effects, ok: State, nok: State, failed: Failures): State {
  return new MathText(this, effects, ok, nok, failed).start;
}

/** One attempt at math in text, from its first `$`: micromark's states, sharing what they have read. */
class MathText {
  readonly #startOffset: number;
  #dollars = 0;
  #ticks = 0;
  #kind = '';
  #afterSpace = false;
  // A run of backticks closes only as a whole.
  #afterTick = false;

  constructor(
    private readonly context: TokenizeContext,
    private readonly effects: Effects,
    private readonly ok: State,
    private readonly nok: State,
    private readonly failed: Failures,
  ) {
    this.#startOffset = context.now().offset;
  }

  /** The first `$`: opens the math and its opening sequence. */
  readonly start: State = (code) => {
    this.effects.enter('mathText');
    this.effects.enter('mathTextSequence');
    return this.#openDollars(code);
  };

  /** Whether an earlier `$` of this kind searched past this one in vain. */
  #failedBefore(): boolean {
    const record = this.failed.get(this.context.parser)?.get(this.#kind);
    return record !== undefined && this.#startOffset > record.from && this.#startOffset < record.to;
  }

  /** Records how far this search got when its paragraph ended, and fails. */
  #fail(code: Code): State | undefined {
    let records = this.failed.get(this.context.parser);
    if (!records) this.failed.set(this.context.parser, (records = new Map()));
    records.set(this.#kind, { from: this.#startOffset, to: this.context.now().offset });
    return this.nok(code);
  }

  /** The opening run of one or two dollars, or a `$` then backticks. */
  readonly #openDollars: State = (code) => {
    if (code === dollar && this.#dollars < 2) {
      this.effects.consume(code);
      this.#dollars++;
      return this.#openDollars;
    }
    if (code === dollar) return this.nok(code);
    if (this.#dollars === 1 && code === backtick) return this.#openTicks(code);
    this.#kind = this.#dollars === 2 ? 'display' : 'inline';
    // `$ x$` and `$` at a line's end are not math; `$$` may be followed by anything.
    if (code === null || (this.#dollars === 1 && (code < 0 || code === 32))) return this.nok(code);
    if (this.#failedBefore()) return this.nok(code);
    this.effects.exit('mathTextSequence');
    return this.#content(code);
  };

  /** The backticks of an opening `` $` ``. */
  readonly #openTicks: State = (code) => {
    if (code === backtick) {
      this.effects.consume(code);
      this.#ticks++;
      return this.#openTicks;
    }
    this.#kind = `ticks${this.#ticks}`;
    if (code === null || this.#failedBefore()) return this.nok(code);
    this.effects.exit('mathTextSequence');
    return this.#content(code);
  };

  /** Inside the math: a line ending, a closing delimiter, or data. */
  readonly #content: State = (code) => {
    if (code === null) return this.#fail(code);
    if (code < -2) {
      this.effects.enter('lineEnding');
      this.effects.consume(code);
      this.effects.exit('lineEnding');
      this.#afterSpace = true;
      this.#afterTick = false;
      return this.#content;
    }
    const attempt = (closing: Construct): State | undefined =>
      this.effects.attempt(closing, this.#after, this.#data)(code);
    if (this.#kind.startsWith('ticks') && code === backtick && !this.#afterTick)
      return attempt(closingTicks(this.#ticks));
    if (this.#kind === 'display' && code === dollar) return attempt(closingDollars(2));
    if (this.#kind === 'inline' && code === dollar && !this.#afterSpace) return attempt(closingDollars(1));
    return this.#data(code);
  };

  /** The start of a run of data. */
  readonly #data: State = (code) => {
    this.effects.enter('mathTextData');
    return this.#take(code);
  };

  /**
   * Every character of data is taken here, the first included, so that a delimiter that did not
   * close is taken as data.
   */
  readonly #take: State = (code) => {
    this.#afterSpace = code === 32 || code === -1 || code === -2;
    this.#afterTick = code === backtick;
    this.effects.consume(code);
    return code === backslash ? this.#escaped : this.#inData;
  };

  /** Data after its first character, up to a line ending or what may be a delimiter. */
  readonly #inData: State = (code) => {
    if (code === null || code < -2 || code === dollar || code === backtick) {
      this.effects.exit('mathTextData');
      return this.#content(code);
    }
    return this.#take(code);
  };

  /** The character after a backslash, taken as data. */
  readonly #escaped: State = (code) => {
    if (code === null || code < -2) {
      this.effects.exit('mathTextData');
      return this.#content(code);
    }
    this.#afterSpace = false;
    this.#afterTick = false;
    this.effects.consume(code);
    return this.#inData;
  };

  /** After the closing delimiter: the math is done. */
  readonly #after: State = (code) => {
    this.effects.exit('mathText');
    return this.ok(code);
  };
}

/** The closing `` `$ `` of `` $`…`$ ``: a run of exactly `ticks` backticks, then `$`. */
function closingTicks(ticks: number): Construct {
  return {
    partial: true,
    tokenize(effects, ok, nok) {
      let size = 0;
      const run: State = (code) => {
        if (code === backtick) {
          effects.consume(code);
          size++;
          return run;
        }
        if (size !== ticks || code !== dollar) return nok(code);
        effects.consume(code);
        effects.exit('mathTextSequence');
        return ok;
      };
      return (code) => {
        effects.enter('mathTextSequence');
        return run(code);
      };
    },
  };
}

/** A closing run of exactly `size` dollars; one `$` is not closing before a digit. */
function closingDollars(size: number): Construct {
  return {
    partial: true,
    tokenize(effects, ok, nok) {
      let seen = 0;
      const run: State = (code) => {
        if (code === dollar && seen < size) {
          effects.consume(code);
          seen++;
          return run;
        }
        // `$` then a digit is a price (`$5 and 10$20`); `$$$` is not `$$`.
        if (seen !== size || code === dollar || (size === 1 && code !== null && code >= 48 && code <= 57))
          return nok(code);
        effects.exit('mathTextSequence');
        return ok(code);
      };
      return (code) => {
        effects.enter('mathTextSequence');
        return run(code);
      };
    },
  };
}

/** Turns the tokens into `inlineMath` nodes, with `data.display` for `$$…$$`, and their TeX as written. */
export function mathFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      mathText(token) {
        this.enter({ type: 'inlineMath', value: '' } as InlineMath as never, token);
      },
    },
    exit: {
      mathText(token) {
        const node = this.stack[this.stack.length - 1] as unknown as InlineMath;
        const raw = this.sliceSerialize(token);
        const ticks = /^\$(`*)/.exec(raw)![1]!.length;
        const display = !ticks && raw.startsWith('$$');
        const edge = display ? 2 : 1 + ticks;
        node.value = raw.slice(edge, raw.length - edge).trim();
        if (display) node.data = { display: true };
        this.exit(token);
      },
    },
  };
}

/** The remark plugin: `$…$`, `$$…$$` and `` $`…`$ `` read as `inlineMath` nodes. */
export function remarkMathSyntax(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(mathSyntax());
  (data.fromMarkdownExtensions ??= []).push(mathFromMarkdown());
}
