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

function tokenizeMath(
  this: TokenizeContext,
  effects: Effects,
  ok: State,
  nok: State,
  failed: WeakMap<object, Map<string, { from: number; to: number }>>,
): State {
  const startOffset = this.now().offset;
  let dollars = 0;
  let ticks = 0;
  let kind = '';
  let afterSpace = false;
  // A run of backticks closes only as a whole.
  let afterTick = false;
  const failedBefore = (): boolean => {
    const record = failed.get(this.parser)?.get(kind);
    return record !== undefined && startOffset > record.from && startOffset < record.to;
  };
  const fail = (code: Code): State | undefined => {
    let records = failed.get(this.parser);
    if (!records) failed.set(this.parser, (records = new Map()));
    records.set(kind, { from: startOffset, to: this.now().offset });
    return nok(code);
  };
  const openDollars: State = (code) => {
    if (code === dollar && dollars < 2) {
      effects.consume(code);
      dollars++;
      return openDollars;
    }
    if (code === dollar) return nok(code);
    if (dollars === 1 && code === backtick) return openTicks(code);
    kind = dollars === 2 ? 'display' : 'inline';
    // `$ x$` and `$` at a line's end are not math; `$$` may be followed by anything.
    if (code === null || (dollars === 1 && (code < 0 || code === 32))) return nok(code);
    if (failedBefore()) return nok(code);
    effects.exit('mathTextSequence');
    return content(code);
  };
  const openTicks: State = (code) => {
    if (code === backtick) {
      effects.consume(code);
      ticks++;
      return openTicks;
    }
    kind = `ticks${ticks}`;
    if (code === null || failedBefore()) return nok(code);
    effects.exit('mathTextSequence');
    return content(code);
  };
  const content: State = (code) => {
    if (code === null) return fail(code);
    if (code < -2) {
      effects.enter('lineEnding');
      effects.consume(code);
      effects.exit('lineEnding');
      afterSpace = true;
      afterTick = false;
      return content;
    }
    if (kind.startsWith('ticks') && code === backtick && !afterTick)
      return effects.attempt(closingTicks, after, data)(code);
    if (kind === 'display' && code === dollar) return effects.attempt(closingDollars(2), after, data)(code);
    if (kind === 'inline' && code === dollar && !afterSpace)
      return effects.attempt(closingDollars(1), after, data)(code);
    return data(code);
  };
  const data: State = (code) => {
    effects.enter('mathTextData');
    return take(code);
  };
  // Every character of data is taken here, the first included, so that a delimiter that did not
  // close is taken as data.
  const take: State = (code) => {
    afterSpace = code === 32 || code === -1 || code === -2;
    afterTick = code === backtick;
    effects.consume(code);
    return code === backslash ? escaped : inData;
  };
  const inData: State = (code) => {
    if (code === null || code < -2 || code === dollar || code === backtick) {
      effects.exit('mathTextData');
      return content(code);
    }
    return take(code);
  };
  const escaped: State = (code) => {
    if (code === null || code < -2) {
      effects.exit('mathTextData');
      return content(code);
    }
    afterSpace = false;
    afterTick = false;
    effects.consume(code);
    return inData;
  };
  const closingTicks: Construct = {
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
  const closingDollars = (size: number): Construct => ({
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
  });
  const after: State = (code) => {
    effects.exit('mathText');
    return ok(code);
  };
  return (code) => {
    effects.enter('mathText');
    effects.enter('mathTextSequence');
    return openDollars(code);
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
