import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { planLines } from '../scripts/render/pdf/line-breaks.js';
import type { MeasuredParagraph } from '../scripts/render/pdf/paragraph-lines.js';
import { looseness } from '../scripts/bench/looseness.js';
import { needs, pdfPages, run, tempDir, writeBook } from './helpers.js';

/** A paragraph of words (their widths) on one line, spaces `space` wide, soft hyphens where a word has `-`. */
function paragraph(words: readonly string[], width: number, space = 4, letter = 7): MeasuredParagraph {
  const breaks: { kind: 'space' | 'hyphen'; x: number; width: number }[] = [];
  let x = 0;
  words.forEach((word, index) => {
    const parts = word.split('-');
    parts.forEach((part, at) => {
      x += part.length * letter;
      if (at < parts.length - 1) breaks.push({ kind: 'hyphen', x, width: 5 });
    });
    if (index < words.length - 1) {
      breaks.push({ kind: 'space', x, width: space });
      x += space;
    }
  });
  return { first: width, width, start: 0, end: x, breaks };
}

/** Each line of a plan: its natural width and its spaces (both between its breaks). */
function lines(measured: MeasuredParagraph, breaks: readonly number[]): { natural: number; spaces: number }[] {
  const ends = [...breaks.map((index) => measured.breaks[index]!), undefined];
  let from = measured.start;
  return ends.map((end) => {
    const to = end?.x ?? measured.end;
    const spaces = measured.breaks.filter((b) => b.kind === 'space' && b.x >= from && b.x < to).length;
    const natural = to - from + (end?.kind === 'hyphen' ? end.width : 0);
    from = end ? end.x + (end.kind === 'space' ? end.width : 0) : to;
    return { natural, spaces };
  });
}

const text = (
  'Basic programming concepts are the fundamental building blocks of computer pro-gram-ming. They ' +
  'form the foun-da-tion for un-der-stand-ing pro-gram-ming lan-guages and their syntax, and the ' +
  'habits that make a de-vel-op-er good at the work of every day.'
).split(' ');

describe('the paragraph line breaker (Knuth and Plass)', () => {
  test('every line but the last is filled to its length, and none is wider', () => {
    const measured = paragraph(text, 300);
    const plan = planLines(measured);
    assert.ok(plan && plan.breaks.length >= 3);
    assert.equal(plan.spacing.length, plan.breaks.length + 1);
    assert.deepEqual(
      [...plan.breaks].sort((a, b) => a - b),
      plan.breaks,
      'breaks in order',
    );
    lines(measured, plan.breaks).forEach(({ natural, spaces }, line) => {
      const set = natural + spaces * plan.spacing[line]! + plan.letters[line]!;
      if (line < plan.breaks.length) assert.ok(Math.abs(set - 299.75) < 1e-6, `line ${line + 1} is ${set}`);
      else assert.ok(set <= 300, 'the last line fits');
      // A space shrinks by a third of its width at most.
      assert.ok(plan.spacing[line]! >= -4 / 3 - 1e-9, `line ${line + 1} spacing ${plan.spacing[line]}`);
    });
  });

  test('it takes a hyphen where that makes the paragraph even, and the hyphen counts in the line', () => {
    const plan = planLines(paragraph(text, 300))!;
    const measured = paragraph(text, 300);
    assert.ok(plan.breaks.some((index) => measured.breaks[index]!.kind === 'hyphen'));
  });

  test('a line whose spaces would pass half their width widens its letters too, by 2% of its words at most', () => {
    // Narrow lines, with few spaces each: some cannot be filled by their spaces alone.
    const measured = paragraph(text, 130);
    const plan = planLines(measured)!;
    const set = lines(measured, plan.breaks);
    const widened = plan.letters.filter((letters) => letters > 0).length;
    assert.ok(widened > 0, 'some line is widened');
    set.forEach(({ natural, spaces }, line) => {
      const letters = plan.letters[line]!;
      assert.equal(plan.spaces[line], spaces);
      const words = natural - spaces * 4;
      assert.ok(letters <= words * 0.02 + 1e-9, `line ${line + 1}: ${letters} past 2% of ${words}`);
      // Only where the spaces alone would stretch past half their width; never in the last line.
      if (letters > 0) assert.ok(129.75 - natural > (spaces * 4) / 2 && line < set.length - 1);
      else if (line < set.length - 1) assert.ok(plan.spacing[line]! <= 2 + 1e-9, `line ${line + 1}`);
    });
    const tight = planLines(paragraph(text, 300))!;
    tight.letters.forEach((letters, line) => {
      // What the line had to fill, by its spaces and its letters.
      const spaces = tight.spaces[line]!;
      const room = tight.spacing[line]! * spaces + letters;
      if (letters > 0) assert.ok(room > 2 * spaces, `line ${line + 1} is widened only past its spaces' limit`);
      if (letters < 0) assert.ok(room < (-4 / 3) * spaces, `line ${line + 1} is narrowed only past its spaces' limit`);
    });
  });

  test('a line its spaces cannot shrink enough narrows its letters, by 2% of its words at most', () => {
    // Three words of 70 and two spaces of 4 in a line of 214: 4.25 too wide, where the spaces
    // shrink by 2.67 at most; two words a line would leave 70 to fill.
    const measured = paragraph(['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10), 'd'.repeat(10)], 214);
    const plan = planLines(measured);
    assert.ok(plan, 'the paragraph is set');
    assert.deepEqual(plan.breaks, [2]);
    assert.ok(plan.letters[0]! < 0 && plan.letters[0]! >= -210 * 0.02 - 1e-9, `letters ${plan.letters[0]}`);
    assert.ok(Math.abs(218 + 2 * plan.spacing[0]! + plan.letters[0]! - 213.75) < 1e-6, 'the line is filled');
    assert.ok(plan.spacing[0]! >= -4 / 3 - 1e-9, 'its spaces shrink by a third at most');
  });

  test('a paragraph of one line has no plan, nor one with a word longer than a line', () => {
    assert.equal(planLines(paragraph(['One', 'short', 'line.'], 300)), null);
    assert.equal(planLines(paragraph([...text.slice(0, 8), 'x'.repeat(60), ...text.slice(8)], 300)), null);
  });
});

describe('justified paragraphs in the PDF', () => {
  /** The prose printed justified, its lines broken as `breaking` says: the PDF. */
  function printed(t: TestContext, prose: string, breaking: 'paragraph' | 'line', language = 'en'): string {
    const dir = tempDir(t);
    const config = writeBook(dir, {
      'book.yaml':
        `title: Justified\nslug: justified\nlanguage: ${language}\nchapters: [a.md]\n` +
        `pdf: {size: A5, margin: 20mm, line-breaking: ${breaking}}\n`,
      'a.md': `# Justified\n\n<div align="justify">\n\n${prose}\n\n${prose}\n\n</div>\n`,
    });
    const out = path.join(dir, 'out');
    const result = run(['build', '--config', config, '--out', out, '--format', 'pdf']);
    assert.equal(result.status, 0, result.stderr);
    return path.join(out, 'justified.pdf');
  }

  test('are set by the whole paragraph: filled to the margin, no word lost, none squeezed, fewer loose lines', (t) => {
    if (!needs(t, 'chromium') || !needs(t, 'poppler')) return;
    // With words that Chromium sets with ligatures (fi, fl, ffi), which letter spacing turns off.
    const ligatures = 'The first office staff fluffed the final profile of an offline workflow, efficiently.';
    const prose = Array.from({ length: 6 }, () => `${text.join(' ').replaceAll('-', '')} ${ligatures}`).join(' ');
    const pdf = printed(t, prose, 'paragraph');
    const words = pdfPages(pdf)
      .join(' ')
      .replace(/\u00ad?‐\n\s*/g, '')
      .replace(/\s+/g, ' ');
    for (const word of new Set(prose.split(' '))) assert.ok(words.includes(word), `"${word}" is printed`);
    const whole = looseness(pdf, 10.5);
    const byLine = looseness(printed(t, prose, 'line'), 10.5);
    // Two paragraphs of 6 sentences each: most of their lines reach the margin.
    assert.ok(whole.justified >= 30, `${whole.justified} justified lines`);
    assert.ok(whole.median > 0.25 && whole.median < byLine.median, `median word space ${whole.median} em`);
    // A line set wider than its measure (a line given letter spacing loses its ligatures) would
    // wrap, and leave a line of a few words spread wide.
    assert.ok(whole.widest < 0.7, `the loosest line's word space is ${whole.widest} em`);
    assert.ok(whole.p95 < byLine.p95, `95% of the lines under ${whole.p95} em, against ${byLine.p95} line by line`);
    assert.ok(
      whole.loose / whole.justified < byLine.loose / byLine.justified,
      `${whole.loose} of ${whole.justified} lines loose, against ${byLine.loose} of ${byLine.justified} line by line`,
    );
  });

  test('a paragraph of long words, whose lines its spaces cannot always fit, is set as a whole too', (t) => {
    if (!needs(t, 'chromium') || !needs(t, 'poppler')) return;
    // German compounds in a narrow page: a line or two in each paragraph fits only with its letters narrowed.
    const sentences =
      'Die Softwareentwicklung für Serveranwendungen erfordert sorgfältige Planung, Zuverlässigkeit und ein ' +
      'tiefes Verständnis der zugrundeliegenden Infrastruktur. Offizielle Empfehlungen für Schnittstellen ' +
      'betreffen häufig Auflagen, Pflichtfelder und Fließkommazahlen; effiziente Abläufe verhindern Engpässe. ' +
      'Fünf Fachleute prüften die Konfiguration des Datenbankservers auf Schwachstellen und Ausfallsicherheit.';
    const prose = Array.from({ length: 6 }, () => sentences).join(' ');
    const whole = looseness(printed(t, prose, 'paragraph', 'de'), 10.5);
    const byLine = looseness(printed(t, prose, 'line', 'de'), 10.5);
    assert.ok(
      whole.loose / whole.justified < byLine.loose / byLine.justified / 2,
      `${whole.loose} of ${whole.justified} lines loose, against ${byLine.loose} of ${byLine.justified} line by line`,
    );
    assert.ok(whole.widest < 0.7, `the loosest line's word space is ${whole.widest} em`);
  });
});
