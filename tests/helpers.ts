import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { fromHtml } from 'hast-util-from-html';
import JSZip from 'jszip';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { visit } from 'unist-util-visit';
import { parse } from 'yaml';

export const repo = path.resolve(import.meta.dirname, '..');
const cli = path.join(repo, '.build', 'cli.js');

/** Runs the compiled command line as a user would, and returns what it printed and its exit code. */
export function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  // Inside GitHub Actions `check` defaults to the github reporter; a test that wants it says so.
  const { GITHUB_ACTIONS: _actions, ...env } = process.env;
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? repo,
    env: { ...env, ...options.env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh folder under the system's temporary folder, removed when the test ends. */
export function tempDir(t: TestContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'book-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes a book's files (book.yaml and chapters) into a folder; returns the book.yaml path. */
export function writeBook(dir: string, files: Record<string, string | Uint8Array>): string {
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  return path.join(dir, 'book.yaml');
}

/**
 * True when an outside tool is here. Where it is missing the test fails under CI (where .ci/run
 * installs it) and skips with the reason elsewhere.
 */
export function needs(
  t: TestContext,
  tool: 'chromium' | 'epubcheck' | 'poppler' | 'fonts' | 'pandoc' | 'libreoffice' | 'libreoffice-python',
): boolean {
  const present = {
    // The fonts .ci/run installs for the scripts of the tests' books (Bengali, Thai, CJK as TrueType, emoji).
    fonts: () =>
      ['0995', '0e20', '6587', '1f389'].every((hex) =>
        spawnSync('fc-list', [`:charset=${hex}`], { encoding: 'utf8' }).stdout?.trim(),
      ) && /WenQuanYi/.test(spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).stdout ?? ''),
    chromium: () =>
      ['/usr/bin/chromium', '/usr/bin/google-chrome'].some(existsSync) ||
      Boolean(process.env.PUPPETEER_EXECUTABLE_PATH),
    epubcheck: () => existsSync('/usr/share/java/epubcheck.jar') && spawnSync('java', ['-version']).status === 0,
    poppler: () => spawnSync('pdftotext', ['-v']).status === 0,
    pandoc: () => spawnSync('pandoc', ['--version']).status === 0,
    libreoffice: () => spawnSync('soffice', ['--version']).status === 0,
    // LibreOffice's UNO bridge for Debian's Python (python3-uno), which tests/office-update.py drives.
    'libreoffice-python': () =>
      spawnSync('soffice', ['--version']).status === 0 &&
      spawnSync('/usr/bin/python3', ['-c', 'import uno']).status === 0,
  }[tool]();
  if (present) return true;
  if (process.env.CI) assert.fail(`${tool} is required in CI (.ci/run installs it)`);
  t.skip(`${tool} is not installed`);
  return false;
}

/**
 * LibreOffice's conversion of a document to PDF (`soffice --headless --convert-to pdf`) into
 * `folder`, with a profile of its own there (a running LibreOffice's would be shared): the PDF, if
 * it was written, and what LibreOffice said.
 */
export function libreOfficePdf(
  document: string,
  folder: string,
): { pdf: string | undefined; status: number | null; stderr: string } {
  const profile = `file://${path.join(folder, '.profile')}`;
  const result = spawnSync(
    'soffice',
    ['--headless', `-env:UserInstallation=${profile}`, '--convert-to', 'pdf', '--outdir', folder, document],
    {
      encoding: 'utf8',
      timeout: 600_000,
    },
  );
  const pdf = path.join(folder, `${path.parse(document).name}.pdf`);
  return { pdf: existsSync(pdf) ? pdf : undefined, status: result.status, stderr: result.stderr };
}

/**
 * LibreOffice's PDF of a document after it updated the document's indexes (its contents, its list
 * of figures), as Tools › Update › Update All does, with a profile of its own in `folder`.
 */
export function libreOfficeUpdatedPdf(document: string, folder: string): string {
  mkdirSync(folder, { recursive: true });
  const pdf = path.join(folder, `${path.parse(document).name}.updated.pdf`);
  const script = path.join(repo, 'tests', 'office-update.py');
  const result = spawnSync('/usr/bin/python3', [script, document, pdf, path.join(folder, '.profile-uno')], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  assert.equal(result.status, 0, result.stderr);
  return pdf;
}

/** EPUBCheck's verdict on a file: its messages by severity. */
export function epubcheck(file: string): { fatal: number; errors: number; warnings: number; messages: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'epubcheck-'));
  const json = path.join(dir, 'report.json');
  spawnSync('java', ['-jar', '/usr/share/java/epubcheck.jar', '--json', json, file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const text = readFileSync(json, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const report = JSON.parse(text) as {
    checker: { nFatal: number; nError: number; nWarning: number };
    messages: { severity: string; ID: string; message: string; locations: { path: string; line: number }[] }[];
  };
  return {
    fatal: report.checker.nFatal,
    errors: report.checker.nError,
    warnings: report.checker.nWarning,
    messages: report.messages.map(
      (m) => `${m.severity} ${m.ID} ${m.message} ${m.locations.map((l) => `${l.path}:${l.line}`).join(' ')}`,
    ),
  };
}

/** Ace by DAISY's verdict: the failed assertions, as "file: rule (impact)". */
export function ace(file: string): string[] {
  const out = mkdtempSync(path.join(tmpdir(), 'ace-'));
  try {
    const result = spawnSync(path.join(repo, 'node_modules/.bin/ace-cli'), ['-s', '-f', '-o', out, file], {
      encoding: 'utf8',
      env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium' },
      timeout: 300_000,
    });
    const written = path.join(out, 'report.json');
    assert.ok(existsSync(written), `Ace wrote no report: ${result.stderr || result.error?.message}`);
    const report = JSON.parse(readFileSync(written, 'utf8')) as {
      assertions?: {
        'earl:testSubject'?: { url?: string };
        assertions?: { 'earl:test': { 'dct:title': string; 'earl:impact': string } }[];
      }[];
    };
    return (report.assertions ?? []).flatMap((doc) =>
      (doc.assertions ?? []).map(
        (a) => `${doc['earl:testSubject']?.url}: ${a['earl:test']['dct:title']} (${a['earl:test']['earl:impact']})`,
      ),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The files of an EPUB, as text (binary entries as base64 are not needed here). */
export async function readEpub(
  file: string,
): Promise<{ names: string[]; text: (name: string) => Promise<string>; zip: JSZip }> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return {
    names: Object.keys(zip.files).filter((name) => !zip.files[name]!.dir),
    text: async (name) => {
      const entry = zip.file(name);
      assert.ok(entry, `${name} is in the EPUB`);
      return entry.async('string');
    },
    zip,
  };
}

/** The PDF's bookmarks, depth first, with their level (1 = top) and the 1-based page each one opens. */
export async function pdfOutline(file: string): Promise<{ level: number; title: string; page: number }[]> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const pages = new Map(doc.getPages().map((page, index) => [page.ref.toString(), index + 1]));
  const named = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const pageOf = (node: PDFDict): number => {
    let dest = node.lookup(PDFName.of('Dest')) ?? node.lookupMaybe(PDFName.of('A'), PDFDict)?.lookup(PDFName.of('D'));
    if (dest instanceof PDFName || dest instanceof PDFString || dest instanceof PDFHexString) {
      const key = dest instanceof PDFName ? dest : PDFName.of(dest.decodeText());
      dest = named?.lookup(key);
    }
    const ref = dest instanceof PDFArray ? dest.get(0) : undefined;
    return ref instanceof PDFRef ? (pages.get(ref.toString()) ?? 0) : 0;
  };
  const items: { level: number; title: string; page: number }[] = [];
  const walk = (first: PDFDict | undefined, level: number): void => {
    for (let node = first; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      items.push({
        level,
        title: node.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)?.decodeText() ?? '',
        page: pageOf(node),
      });
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict), level + 1);
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict), 1);
  return items;
}

/** The text of each page of a PDF (poppler's pdftotext). */
export function pdfPages(file: string): string[] {
  const result = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\f').slice(0, -1);
}

/**
 * Every broken local link of a folder of HTML pages: a link to a page that is not there, or to an
 * id that the page does not have.
 */
export function brokenLinks(folder: string): string[] {
  const pages = new Map<string, Set<string>>();
  const links: { from: string; href: string }[] = [];
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.html'))) {
    const ids = new Set<string>();
    visit(fromHtml(readFileSync(path.join(folder, name), 'utf8')), 'element', (element) => {
      if (typeof element.properties.id === 'string') ids.add(element.properties.id);
      const href = element.properties.href ?? element.properties.src;
      if (typeof href === 'string' && !/^[a-z]+:|^\/\//i.test(href)) links.push({ from: name, href });
    });
    pages.set(name, ids);
  }
  return links
    .filter(({ from, href }) => {
      const [file, fragment] = href.split('#');
      const page = file === '' ? from : file!;
      if (!page.endsWith('.html')) return !existsSync(path.join(folder, page));
      const ids = pages.get(page);
      return !ids || (fragment !== undefined && fragment !== '' && !ids.has(decodeURIComponent(fragment)));
    })
    .map(({ from, href }) => `${from} → ${href}`);
}

/** The ATX headings of a book's chapters, read independently of the pipeline: file, depth and text. */
export function headingsOf(config: string): { file: string; depth: number; text: string }[] {
  const chapters = (parse(readFileSync(config, 'utf8')) as { chapters: string[] }).chapters;
  return chapters.flatMap((chapter) => {
    let fenced = false;
    return readFileSync(path.join(path.dirname(config), chapter), 'utf8')
      .split(/\r?\n/)
      .flatMap((line) => {
        if (/^\s{0,3}(```|~~~)/.test(line)) fenced = !fenced;
        const match = fenced ? null : /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
        return match ? [{ file: chapter, depth: match[1]!.length, text: (match[2] ?? '').trim() }] : [];
      });
  });
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * axe-core's serious and critical violations on each page of a site folder, in a colour scheme,
 * as "page: rule (impact, nodes)".
 */
export async function axeViolations(
  site: string,
  pages: readonly string[],
  scheme: 'light' | 'dark' = 'light',
): Promise<string[]> {
  const { default: puppeteer } = await import('puppeteer');
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const found: string[] = [];
    for (const name of pages) {
      const page = await browser.newPage();
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.goto(`file://${path.join(site, name)}`, { waitUntil: 'load', timeout: 120_000 });
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(async () => {
        type Axe = {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
        };
        const result = await (window as unknown as { axe: Axe }).axe.run(document, { preload: false });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
      });
      found.push(...violations.map((v) => `${name}: ${v}`));
      await page.close();
    }
    return found;
  } finally {
    await browser.close();
  }
}

/**
 * The modules a run of the compiled tool started, from V8's coverage of it: every module of the
 * bundle that ran (esbuild keeps each module's path as the name of the function that starts it),
 * and every file of node_modules required outside the bundle.
 */
export function startedModules(args: string[]): { status: number | null; stderr: string; started: Set<string> } {
  const coverage = mkdtempSync(path.join(tmpdir(), 'book-coverage-'));
  try {
    const result = spawnSync(process.execPath, [cli, ...args], {
      cwd: repo,
      env: { ...process.env, NODE_V8_COVERAGE: coverage },
      encoding: 'utf8',
    });
    const started = new Set<string>();
    for (const name of readdirSync(coverage)) {
      const report = JSON.parse(readFileSync(path.join(coverage, name), 'utf8')) as {
        result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
      };
      for (const script of report.result) {
        if (script.url.endsWith('/book.cjs')) {
          for (const fn of script.functions)
            if (/^(scripts|node_modules)\//.test(fn.functionName) && fn.ranges[0]!.count > 0)
              started.add(fn.functionName);
        } else if (/node_modules\//.test(script.url)) {
          started.add(script.url.replace(/^.*?node_modules\//, 'node_modules/'));
        }
      }
    }
    return { status: result.status, stderr: result.stderr, started };
  } finally {
    rmSync(coverage, { recursive: true, force: true });
  }
}
