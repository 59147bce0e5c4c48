import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stageTimes, timed } from './measure.js';
import { countFor, pathological } from './pathological-inputs.js';

/** How long Pandoc may take on one input before it is stopped (it is quadratic on some). */
const pandocLimit = 30_000;

/** A one-chapter book of `text` in `folder`; returns its book.yaml. */
function oneChapterBook(folder: string, text: string): string {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'a.md'), `# Pathological\n\n${text}\n`);
  writeFileSync(path.join(folder, 'book.yaml'), 'title: Pathological\nlanguage: en\nchapters: [a.md]\n');
  return path.join(folder, 'book.yaml');
}

/**
 * cmark's pathological inputs, each alone in a one-chapter book of 100–400 KB, built with
 * `--format html,epub`: our parse stage at that size and at half of it (linear work takes about
 * twice as long for twice the text), our whole build, and Pandoc's EPUB of the same chapter side
 * by side, Pandoc stopped past `pandocLimit`.
 */
export async function pathologicalInputs(
  cli: string,
  work: string,
  line: (label: string, value: string) => void,
): Promise<void> {
  console.log(
    `\npathological inputs (cmark's), one chapter each, build --format html,epub ` +
      `against pandoc -f gfm → EPUB (stopped past ${pandocLimit / 1000} s):`,
  );
  const slowest = { parse: 0, name: '' };
  for (const shape of pathological) {
    const text = shape.make(shape.n);
    const half = shape.make(countFor(shape.make, text.length / 2));
    const folder = path.join(work, 'pathological');
    const full = await timed(process.execPath, [
      cli,
      'build',
      '--config',
      oneChapterBook(folder, text),
      '--format',
      'html,epub',
      '--out',
      path.join(folder, 'out'),
    ]);
    const parse = stageTimes(full.stderr).get('parse') ?? NaN;
    const halfRun = await timed(process.execPath, [
      cli,
      'build',
      '--config',
      oneChapterBook(`${folder}-half`, half),
      '--format',
      'html,epub',
      '--out',
      path.join(`${folder}-half`, 'out'),
    ]);
    const halfParse = stageTimes(halfRun.stderr).get('parse') ?? NaN;
    const started = performance.now();
    const peer = spawnSync(
      'pandoc',
      ['-f', 'gfm', path.join(folder, 'a.md'), '-o', path.join(work, 'pathological.epub')],
      { timeout: pandocLimit, stdio: 'ignore' },
    );
    const pandocMs = performance.now() - started;
    const pandoc =
      peer.error || peer.signal
        ? `Pandoc > ${pandocLimit / 1000} s`
        : `Pandoc ${pandocMs.toFixed(0)} ms: ours ${(full.ms / pandocMs).toFixed(2)}×`;
    const said =
      full.status === 0 ? '' : `, exit ${full.status} (${/\[([a-z-]+)\]/.exec(full.stderr)?.[1] ?? 'see stderr'})`;
    line(
      `  ${shape.name} (${(text.length / 1000).toFixed(0)} KB)`,
      `parse ${parse} ms (${(parse / halfParse).toFixed(2)}× half), build ${full.ms.toFixed(0)} ms${said}; ${pandoc}`,
    );
    if (parse > slowest.parse) Object.assign(slowest, { parse, name: shape.name });
  }
  line('  slowest parse', `${slowest.parse} ms (${slowest.name}; target < 1,000)`);
}
