import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { median, stageTimes, timed, type Run } from './measure.js';
import { measurePreview } from './preview-delay.js';
import { previewSoak } from './preview-soak.js';
import { githubBook } from './github-book.js';
import { pathologicalInputs } from './pathological.js';
import { scaledBook } from './scaled-book.js';
import { looseness } from './looseness.js';
import { chromiumArgs } from '../render/pdf/browser.js';

/**
 * `npm run bench`: the build against the tools people would use instead, measured side by side in
 * one run (medians of interleaved runs), as ratios: ours over Pandoc's EPUB, over one plain
 * Chromium print; stage times; the preview's save-to-reload delay; and scaled books (16×, 64×)
 * with time and peak memory, to show how cost grows. Builds are cold (the parse cache cleared)
 * unless marked warm. Absolute times depend on the machine; the ratios are the figures.
 */
const { values } = parseArgs({
  options: {
    config: { type: 'string', default: 'book.yaml' },
    runs: { type: 'string', default: '5' },
    scales: { type: 'string', default: '16,64' },
    /** How many cold builds and plain prints of each scaled book, interleaved. */
    'scaled-runs': { type: 'string', default: '1' },
    only: { type: 'string' },
  },
});
const runs = Number(values.runs);
const config = path.resolve(values.config);
const root = path.dirname(config);
const cli = path.resolve(import.meta.dirname, '../../.build/cli.js');
const work = mkdtempSync(path.join(tmpdir(), 'book-bench-'));
const chromium = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';
const chapters = (parse(readFileSync(config, 'utf8')) as { chapters: string[] }).chapters.map((c) =>
  path.join(root, c),
);

/** Our command; a cold build first clears the parse cache in its output folder, a warm one keeps it. */
const ours =
  (args: string[], { warm = false } = {}) =>
  () => {
    const out = path.join(work, warm ? 'out-warm' : 'out');
    if (!warm) rmSync(path.join(out, '.cache'), { recursive: true, force: true });
    return timed(process.execPath, [cli, ...args, '--config', config, ...(args[0] === 'build' ? ['--out', out] : [])]);
  };
const pandoc = () => timed('pandoc', [...chapters, '-o', path.join(work, 'pandoc.epub')]);
/**
 * One plain Chromium print of a built book's one-page HTML, like with like: the lean flags our
 * own launch uses (browser.ts) and a throw-away profile, made (by one print) before any timing,
 * as ours is made while the book is read.
 */
const profile = path.join(work, 'plain-profile');
const printOf = (html: string) => () =>
  timed(chromium, [
    ...chromiumArgs().filter((arg) => arg !== '--remote-debugging-pipe'),
    `--user-data-dir=${profile}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${path.join(work, 'plain.pdf')}`,
    `file://${html}`,
  ]);
const print = printOf(path.join(work, 'out', 'html', 'book.html'));

/** Runs each command `runs` times, interleaved so that noise hits all alike; returns every run. */
async function sideBySide(commands: Record<string, () => Promise<Run>>): Promise<Record<string, Run[]>> {
  const results: Record<string, Run[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, command] of Object.entries(commands)) {
      const run = await command();
      if (run.status !== 0) throw new Error(`${name} failed (${run.status}): ${run.stderr.slice(-500)}`);
      results[name]!.push(run);
    }
  }
  return results;
}

const ms = (runs: readonly Run[]): number => median(runs.map((r) => r.ms));
const line = (label: string, value: string): void => console.log(`${label.padEnd(58)} ${value}`);

/**
 * A book with 20 Mermaid diagrams and 200 formulas (github-book.ts): cold (no cache: every diagram
 * drawn in a browser) against Pandoc's EPUB of the same chapters (its math as MathML, its diagrams
 * left as code) and one plain print; warm, from `<out>/.cache`, with no browser to be found, to
 * show that unchanged diagrams need none.
 */
async function githubFeatures(): Promise<void> {
  const folder = path.join(work, 'github');
  const book = githubBook(folder);
  const out = path.join(folder, 'out');
  const files = (parse(readFileSync(book, 'utf8')) as { chapters: string[] }).chapters.map((c) => path.join(folder, c));
  const build =
    (formats: string, warm: boolean, env: NodeJS.ProcessEnv = {}) =>
    () => {
      if (!warm) rmSync(path.join(out, '.cache'), { recursive: true, force: true });
      return timed(process.execPath, [cli, 'build', '--config', book, '--out', out, '--format', formats, '--quiet'], {
        env,
      });
    };
  await build('html,epub,pdf', false)();
  const noBrowser = { PUPPETEER_EXECUTABLE_PATH: path.join(folder, 'no-such-browser') };
  const r = await sideBySide({
    cold: build('html,epub', false),
    warm: build('html,epub', true, noBrowser),
    fullCold: build('html,epub,pdf', false),
    pandoc: () => timed('pandoc', ['-f', 'markdown', ...files, '-o', path.join(work, 'github-pandoc.epub')]),
    print: printOf(path.join(out, 'html', 'book.html')),
  });
  const warmSaid = r.warm!.map((run) => run.stderr).join('');
  console.log('\nGitHub features: 10 chapters, 20 Mermaid diagrams, 200 formulas (100 inline, 100 displayed):');
  line('  pandoc -f markdown → EPUB (math as MathML, diagrams as code)', `${ms(r.pandoc!).toFixed(0)} ms`);
  line('  chromium --headless --print-to-pdf of its book.html', `${ms(r.print!).toFixed(0)} ms`);
  line(
    '  build --format html,epub, cold (every diagram drawn)',
    `${ms(r.cold!).toFixed(0)} ms  = ${(ms(r.cold!) / ms(r.pandoc!)).toFixed(2)}× Pandoc's EPUB`,
  );
  line(
    '  the same, warm (<out>/.cache), no browser to be found',
    `${ms(r.warm!).toFixed(0)} ms  = ${(ms(r.warm!) / ms(r.pandoc!)).toFixed(2)}× ` +
      `Pandoc's EPUB; ` +
      (/warning/.test(warmSaid) ? 'a warning: a diagram needed a browser' : 'no browser needed, no warning'),
  );
  line(
    '  build (all three formats), cold',
    `${ms(r.fullCold!).toFixed(0)} ms  = ${(ms(r.fullCold!) / ms(r.print!)).toFixed(2)}× ` +
      `one lean plain Chromium print of its book.html`,
  );
}

/**
 * The DOCX of the book, cold and warm, against `pandoc <chapters> -o book.docx` in the same run,
 * interleaved: Pandoc's is the DOCX most people make.
 */
async function docx(): Promise<void> {
  await ours(['build', '--format', 'docx', '--quiet'], { warm: true })(); // the cache of the warm builds
  const r = await sideBySide({
    cold: ours(['build', '--format', 'docx', '--quiet']),
    warm: ours(['build', '--format', 'docx', '--quiet'], { warm: true }),
    pandoc: () => timed('pandoc', [...chapters, '-o', path.join(work, 'pandoc.docx')]),
  });
  console.log('\nDOCX:');
  line('  pandoc <chapters> -o book.docx', `${ms(r.pandoc!).toFixed(0)} ms`);
  line(
    '  build --format docx, cold',
    `${ms(r.cold!).toFixed(0)} ms  = ${(ms(r.cold!) / ms(r.pandoc!)).toFixed(2)}× Pandoc's DOCX (target ≤ 1)`,
  );
  line(
    '  the same, warm (<out>/.cache)',
    `${ms(r.warm!).toFixed(0)} ms  = ${(ms(r.warm!) / ms(r.pandoc!)).toFixed(2)}× Pandoc's DOCX`,
  );
}

/** The preview's heap after a forced garbage collection over 2,000 saves (preview-soak.ts). */
async function soak(book: string): Promise<void> {
  const heap = await previewSoak(path.join(book, path.basename(config)), 2000);
  const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
  const [first, half, last] = heap;
  line(
    'preview: heap after GC, saves 1 / 1,000 / 2,000',
    `${mb(first!.bytes)} / ${mb(half!.bytes)} / ${mb(last!.bytes)}`,
  );
  line('  growth from save 1,000 to 2,000', `${mb(last!.bytes - half!.bytes)} (target < 5 MB)`);
}

/** A copy of the book, whose chapters the preview's measures save. */
function bookCopy(name: string): string {
  const copy = path.join(work, name);
  cpSync(root, copy, { recursive: true, filter: (source) => !/[\\/](dist|node_modules|\.git|\.build)$/.test(source) });
  return copy;
}

/** Every section, in order. */
async function everything(): Promise<void> {
  console.log(`bench: ${path.relative(process.cwd(), config) || config}, ${runs} runs each, medians\n`);
  await builds();
  await typography();
  await docx();
  await previewDelays();
  await soak(bookCopy('soak-book'));
  await githubFeatures();
  await pathologicalInputs(cli, work, line);
  await scaledBooks();
}

/** Our builds and checks against Pandoc's EPUB and one lean plain Chromium print, interleaved. */
async function builds(): Promise<void> {
  await ours(['build', '--quiet'])(); // the one-page HTML that the plain print reads
  await ours(['build', '--quiet'], { warm: true })(); // the cache of the warm builds
  await print(); // the plain print's profile, made before any timing
  const r = await sideBySide({
    check: ours(['check', '--quiet']),
    htmlEpub: ours(['build', '--format', 'html,epub', '--quiet']),
    pdf: ours(['build', '--format', 'pdf', '--quiet']),
    full: ours(['build']),
    htmlEpubWarm: ours(['build', '--format', 'html,epub', '--quiet'], { warm: true }),
    fullWarm: ours(['build', '--quiet'], { warm: true }),
    pandoc,
    print,
  });
  const ratio = (ours: string, peer: 'pandoc' | 'print', note = ''): string =>
    `${ms(r[ours]!).toFixed(0)} ms  = ${(ms(r[ours]!) / ms(r[peer]!)).toFixed(2)}× ` +
    `${peer === 'pandoc' ? "Pandoc's EPUB" : 'one lean plain Chromium print'}${note}`;
  line('pandoc manuscript → EPUB', `${ms(r.pandoc!).toFixed(0)} ms`);
  line('chromium --print-to-pdf of book.html (our launch flags)', `${ms(r.print!).toFixed(0)} ms`);
  line('check', ratio('check', 'pandoc', ' (target < 1)'));
  line('build --format html,epub', ratio('htmlEpub', 'pandoc', ' (target < 1)'));
  line('build --format pdf (hyphens, page references, TOC numbers)', ratio('pdf', 'print', ' (target ≤ 2.0)'));
  line('build (all three formats)', ratio('full', 'print'));
  line('warm (unchanged chapters from <out>/.cache): html,epub', ratio('htmlEpubWarm', 'pandoc'));
  line('warm: all three formats', ratio('fullWarm', 'print'));
  const peak = (pick: (run: Run) => number): string => `${(median(r.full!.map(pick)) / 1024).toFixed(0)} MB`;
  line('  peak memory: our process / the browser', `${peak((x) => x.peakKb)} / ${peak((x) => x.browserPeakKb)}`);
  console.log('\nstages of the full build (medians):');
  const stages = new Map<string, number[]>();
  for (const run of r.full!)
    for (const [stage, time] of stageTimes(run.stderr)) stages.set(stage, [...(stages.get(stage) ?? []), time]);
  for (const [stage, times] of stages) line(`  ${stage}`, `${median(times).toFixed(0)} ms`);
}

/**
 * The PDF's justified lines (looseness.ts): the share whose mean word space is wider than half
 * an em (targets: at most 3%), and the lines that end in a hyphen (at least 20): as the book
 * is built (hyphenated, its paragraphs broken as a whole), and in copies of it broken line by
 * line by Chromium (`pdf.line-breaking: line`) and not hyphenated (`pdf.hyphenate: false`).
 */
async function typography(): Promise<void> {
  const slug = /^slug: (.+)$/m.exec(readFileSync(config, 'utf8'))?.[1]?.trim() ?? 'book';
  const copies = [
    ['line by line', 'line-breaking: line'],
    ['not hyphenated', 'hyphenate: false'],
  ] as const;
  const printed: (readonly [string, string])[] = [['  by paragraph', path.join(work, 'out', `${slug}.pdf`)]];
  for (const [label, setting] of copies) {
    const copy = bookCopy(label.replaceAll(' ', '-'));
    const copied = path.join(copy, path.basename(config));
    const yaml = readFileSync(copied, 'utf8');
    writeFileSync(
      copied,
      /^pdf:\s*$/m.test(yaml)
        ? yaml.replace(/^pdf:\s*$/m, `pdf:\n  ${setting}`)
        : `${yaml.trimEnd()}\npdf: {${setting}}\n`,
    );
    const built = await timed(process.execPath, [cli, 'build', '--format', 'pdf', '--config', copied, '--quiet']);
    if (built.status !== 0) throw new Error(`the build ${label} failed: ${built.stderr.slice(-500)}`);
    printed.push([`  ${label}`, path.join(copy, 'dist', `${slug}.pdf`)]);
  }
  const em = 10.5; // print.css: html { font-size: 10.5pt }
  console.log("\nthe PDF's justified lines (word boxes of pdftotext -bbox-layout; mean word space per line):");
  for (const [label, pdf] of printed) {
    const measured = looseness(pdf, em);
    const share = ((100 * measured.loose) / Math.max(1, measured.justified)).toFixed(1);
    line(
      label,
      `${measured.loose} of ${measured.justified} lines (${share}%) wider than 0.5 em (target ≤ 3%); ` +
        `median ${measured.median.toFixed(2)} em, 95th percentile ${measured.p95.toFixed(2)} em; ` +
        `${measured.hyphenated} hyphenated line ends (target ≥ 20)`,
    );
  }
  for (const [label] of copies) rmSync(path.join(work, label.replaceAll(' ', '-')), { recursive: true, force: true });
}

/** Scaled books (16×, 64×): one cold build each, then one lean plain Chromium print of its book.html. */
async function scaledBooks(): Promise<void> {
  console.log(
    '\nscaled books (the chapters repeated), one cold build each, then one lean plain Chromium print of its book.html:',
  );
  let previous: { scale: number; ms: number; print: number } | undefined;
  for (const scale of values.scales.split(',').filter(Boolean).map(Number)) {
    const folder = path.join(work, `x${scale}`);
    const book = scaledBook(config, folder, scale);
    const words = chapters.reduce((n, c) => n + readFileSync(c, 'utf8').split(/\s+/).length, 0) * scale;
    const pairs: { ours: Run; plain: Run }[] = [];
    for (let index = 0; index < Number(values['scaled-runs']); index++) {
      rmSync(path.join(folder, 'dist', '.cache'), { recursive: true, force: true });
      const ours = await timed(process.execPath, [cli, 'build', '--config', book, '--quiet']);
      const html = path.join(folder, 'dist', 'html', 'book.html');
      if (!existsSync(html)) throw new Error(`the ${scale}× build wrote no ${html}`);
      pairs.push({ ours, plain: await printOf(html)() });
    }
    const middle = (list: Run[]): Run => [...list].sort((a, b) => a.ms - b.ms)[Math.floor(list.length / 2)]!;
    const run = middle(pairs.map((pair) => pair.ours));
    const plain = middle(pairs.map((pair) => pair.plain));
    const growth = previous
      ? `; ${(run.ms / previous.ms).toFixed(2)}× the time for ${(scale / previous.scale).toFixed(0)}× the text ` +
        `(the plain print: ${(plain.ms / previous.print).toFixed(2)}×)`
      : '';
    const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
    line(
      `  ${scale}× (${words.toLocaleString('en')} words)`,
      `${(run.ms / 1000).toFixed(1)} s, our peak ${mb(run.peakKb)}, browser peak ${mb(run.browserPeakKb)}`,
    );
    line(
      '    one lean plain Chromium print of it',
      `${(plain.ms / 1000).toFixed(1)} s: ours = ${(run.ms / plain.ms).toFixed(2)}× it (target ≤ 1 at 64×)${growth}`,
    );
    if (pairs.length > 1)
      line(
        `    ${pairs.length} interleaved runs (medians above); each run's ratio`,
        pairs.map((pair) => `${(pair.ours.ms / pair.plain.ms).toFixed(2)}×`).join(', '),
      );
    // A format that failed is a finding to print, not a reason to stop measuring.
    for (const failure of run.stderr.split('\n').filter((l) => / failed: /.test(l)))
      line(`    exit ${run.status}`, failure);
    previous = { scale, ms: run.ms, print: plain.ms };
    rmSync(path.join(work, `x${scale}`), { recursive: true, force: true });
  }
}

/**
 * The preview's save → shown delay with a real browser, on the book and on it scaled (16×, 64×):
 * a save re-renders only what it changed, so the delay grows with the edit, not the book.
 */
async function previewDelays(): Promise<void> {
  console.log(
    '\npreview: save of a chapter → the open page shows it (medians; target < 100 ms at 1×, < 200 ms at 64×)',
  );
  for (const scale of [1, ...values.scales.split(',').filter(Boolean).map(Number)]) {
    const book =
      scale === 1
        ? path.join(bookCopy('preview-book'), path.basename(config))
        : scaledBook(config, path.join(work, `preview-x${scale}`), scale);
    const delays = await measurePreview(cli, book, runs, chromium);
    line(
      `  ${scale}×`,
      `${median(delays).toFixed(0)} ms (${Math.round(Math.min(...delays))}–${Math.round(Math.max(...delays))})`,
    );
    rmSync(path.dirname(book), { recursive: true, force: true });
  }
}

/** The sections that `--only` runs alone. */
const sections: Record<string, () => Promise<void>> = {
  builds,
  typography: async () => {
    await ours(['build', '--format', 'pdf', '--quiet'])();
    await typography();
  },
  docx,
  preview: previewDelays,
  soak: () => soak(bookCopy('soak-book')),
  pathological: () => pathologicalInputs(cli, work, line),
  scaled: scaledBooks,
};

try {
  if (values.only === undefined) await everything();
  else if (sections[values.only]) await sections[values.only]!();
  else throw new Error(`--only takes ${Object.keys(sections).join(' or ')}; got "${values.only}"`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
