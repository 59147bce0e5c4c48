import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { Book } from '../book/types.js';
import type { Severity } from '../problems.js';

/** Reports one problem of a rule: where, and a sentence that says what is wrong and what to do. */
export type Emit = (file: VFile, place: Position | Point | undefined, reason: string) => void;

/** An example for a rule's table-driven test: a chapter's text and the places the rule must report. */
export interface RuleExample {
  readonly markdown: string | Uint8Array;
  /** Each expected message as `line:column`; none for a good example. */
  readonly expect: readonly string[];
  /** Extra files of the example book, by path relative to the chapter. */
  readonly files?: Readonly<Record<string, string>>;
}

/** One check of the manuscript: an id, a default severity, a description, and its examples. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  readonly description: string;
  readonly examples: readonly RuleExample[];
  check(book: Book, emit: Emit): void;
}
