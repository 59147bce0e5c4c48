/**
 * The pathological inputs of the CommonMark reference implementation's own tests (cmark-gfm's
 * `test/pathological_tests.py`), each as a function of its repeat count `n`, with the count that
 * makes a chapter of 100–400 KB. The bench builds each at that size and at half of it; the tests
 * parse each at small sizes.
 */
export interface Pathological {
  readonly name: string;
  /** The input for a repeat count. */
  readonly make: (n: number) => string;
  /** The count the bench builds (the reference's own, or less where its input would pass 400 KB). */
  readonly n: number;
}

const lines = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('');

export const pathological: readonly Pathological[] = [
  { name: 'nested strong emph', make: (n) => `${'*a **a '.repeat(n)}b${' a** a*'.repeat(n)}`, n: 20_000 },
  { name: 'many emph closers with no openers', make: (n) => 'a_ '.repeat(n), n: 65_000 },
  { name: 'many emph openers with no closers', make: (n) => '_a '.repeat(n), n: 65_000 },
  { name: 'many link closers with no openers', make: (n) => 'a]'.repeat(n), n: 65_000 },
  { name: 'many link openers with no closers', make: (n) => '[a'.repeat(n), n: 65_000 },
  { name: 'mismatched openers and closers', make: (n) => '*a_ '.repeat(n), n: 50_000 },
  { name: 'openers and closers multiple of 3', make: (n) => `a**b${'c* '.repeat(n)}`, n: 50_000 },
  { name: 'link openers and emph closers', make: (n) => '[ a_'.repeat(n), n: 50_000 },
  { name: 'pattern [ (]( repeated', make: (n) => '[ (]('.repeat(n), n: 80_000 },
  { name: 'pattern ![[]() repeated', make: (n) => '![[]()'.repeat(n), n: 60_000 },
  { name: 'nested brackets', make: (n) => `${'['.repeat(n)}a${']'.repeat(n)}`, n: 50_000 },
  { name: 'nested block quotes', make: (n) => `${'> '.repeat(n)}a`, n: 50_000 },
  { name: 'deeply nested lists', make: (n) => lines(n, (i) => `${'  '.repeat(i)}* a\n`), n: 600 },
  { name: 'backticks', make: (n) => lines(n, (i) => `e${'`'.repeat(i + 1)}`), n: 850 },
  { name: 'unclosed links A', make: (n) => '[a](<b'.repeat(n), n: 30_000 },
  { name: 'unclosed links B', make: (n) => '[a](b'.repeat(n), n: 30_000 },
  { name: 'unclosed <!--', make: (n) => `</${'<!--'.repeat(n)}`, n: 100_000 },
  { name: 'tables', make: (n) => 'aaa\rbbb\n-\v\n'.repeat(n), n: 30_000 },
];

/** The least repeat count whose input is at least `length` characters long. */
export function countFor(make: (n: number) => string, length: number): number {
  let n = 1;
  while (make(n).length < length) n *= 2;
  let low = n / 2;
  while (n - low > 1) {
    const mid = Math.floor((low + n) / 2);
    if (make(mid).length < length) low = mid;
    else n = mid;
  }
  return n;
}
