import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HtmlValidate } from 'html-validate';
import { ace, axeViolations, epubcheck, libreOfficePdf, repo } from '../helpers.js';
import { corpus, type CorpusBook } from './books.js';
import { docxMissingWords, missingWords } from './words.js';

/**
 * `npm run corpus -- [--mirrors DIR] [--work DIR] [--only name,…] [--skip-ace] [--init]`: brings each book of
 * the corpus at its commit (from DIR, which holds `<owner>+<name>/repo` or `<owner>/<name>.git`
 * git folders, or else cloned from GitHub), writes its book.yaml, builds all four formats, and
 * prints for each book: the build's exit code, the checker's messages by rule, EPUBCheck, Ace,
 * html-validate and axe-core on every site page, LibreOffice's conversion of the DOCX, and the
 * author's words missing from each format (from the DOCX as Pandoc reads it).
 * It exits 1 when a book fails any of these. With `--init`, each repository instead gets `init` (no
 * book.yaml of this corpus) and a build of its site and EPUB, which must exit 0, EPUBCheck clean.
 */
const { values } = parseArgs({
  options: {
    mirrors: { type: 'string' },
    work: { type: 'string', default: path.join(repo, '.corpus') },
    only: { type: 'string' },
    'skip-ace': { type: 'boolean', default: false },
    init: { type: 'boolean', default: false },
  },
});
const work = path.resolve(values.work!);
const only = values.only?.split(',');
const cli = path.join(repo, '.build', 'cli.js');

let failed = 0;
// With --init, each repository as it stands (one export each, with no book.yaml and no prepared
// chapters): `init`, then `build`, which must exit 0 with EPUBCheck at 0 errors.
const books = values.init
  ? [...new Map(corpus.filter((b) => !b.prepare).map((b) => [b.repository, b])).values()]
  : corpus;
for (const book of books.filter((b) => !only || only.includes(b.name))) {
  const problems = values.init ? initBook(book) : await runBook(book);
  failed += problems > 0 ? 1 : 0;
}
console.log(failed === 0 ? 'corpus: every book passed' : `corpus: ${failed} book(s) failed`);
process.exitCode = failed === 0 ? 0 : 1;

/** Builds and checks one book; prints its report and returns how many checks failed. */
async function runBook(book: CorpusBook): Promise<number> {
  const folder = exportBook(book);
  const config = path.join(folder, 'book.yaml');
  const out = path.join(work, 'out', book.name);
  rmSync(out, { recursive: true, force: true });
  console.log(`\n## ${book.name} (${book.repository} @ ${book.commit.slice(0, 7)})`);
  let failures = 0;
  const fail = (what: string, detail: string[] = []): void => {
    failures++;
    console.log(`  FAIL ${what}`);
    for (const line of detail.slice(0, 12)) console.log(`       ${line}`);
    if (detail.length > 12) console.log(`       … ${detail.length - 12} more`);
  };

  const check = spawnSync(process.execPath, [cli, 'check', '--config', config, '--reporter', 'json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const messages = JSON.parse(check.stdout || '[]') as { ruleId: string; severity: string }[];
  const byRule = new Map<string, number>();
  for (const m of messages) byRule.set(`${m.severity} ${m.ruleId}`, (byRule.get(`${m.severity} ${m.ruleId}`) ?? 0) + 1);
  console.log(
    `  check: exit ${check.status}; ${[...byRule].map(([rule, n]) => `${rule} ×${n}`).join(', ') || 'no messages'}`,
  );

  const started = Date.now();
  const build = spawnSync(
    process.execPath,
    [cli, 'build', '--config', config, '--out', out, '--format', 'html,epub,pdf,docx', '--quiet'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  console.log(`  build: exit ${build.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (build.status !== 0)
    fail(
      'build',
      build.stderr.split('\n').filter((l) => /error|failed/.test(l)),
    );
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(build.stderr)) fail('a stack trace was printed');
  if (!existsSync(out)) return failures + 1;
  const epub = readdirSync(out).find((name) => name.endsWith('.epub'));
  const pdf = readdirSync(out).find((name) => name.endsWith('.pdf'));
  if (!epub || !pdf) return failures + 1;

  const verdict = epubcheck(path.join(out, epub));
  console.log(`  EPUBCheck: ${verdict.fatal} fatal, ${verdict.errors} errors, ${verdict.warnings} warnings`);
  if (verdict.fatal + verdict.errors + verdict.warnings > 0) fail('EPUBCheck', verdict.messages);
  if (!values['skip-ace']) {
    // Ace's heading-order is the author's own skipped level where the checker reported it
    // (heading-increment): the outputs keep the author's headings as written.
    const skipped = messages.some((m) => m.ruleId === 'heading-increment');
    const all = ace(path.join(out, epub));
    const violations = all.filter((v) => !(skipped && v.includes(': heading-order (')));
    const authors = all.length - violations.length;
    console.log(
      `  Ace: ${violations.length} violations` +
        (authors ? ` (and ${authors} heading-order, the author's skipped levels)` : ''),
    );
    if (violations.length > 0) fail('Ace', violations);
  }

  const site = path.join(out, 'html');
  const pages = readdirSync(site).filter((name) => name.endsWith('.html'));
  const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
  const invalid: string[] = [];
  for (const name of pages) {
    const report = await validator.validateFile(path.join(site, name));
    invalid.push(
      ...report.results.flatMap((r) =>
        r.messages.map((m) => `${name}:${m.line}:${m.column} ${m.message} (${m.ruleId})`),
      ),
    );
  }
  console.log(`  html-validate: ${invalid.length} errors on ${pages.length} pages`);
  if (invalid.length > 0) fail('html-validate', invalid);
  const axe = await axeViolations(site, pages);
  console.log(`  axe-core: ${axe.length} serious or critical`);
  if (axe.length > 0) fail('axe-core', axe);

  const docx = readdirSync(out).find((name) => name.endsWith('.docx'));
  if (!docx) return failures + 1;
  const converted = libreOfficePdf(path.join(out, docx), path.join(out, 'libreoffice'));
  console.log(
    '  LibreOffice: ' +
      (converted.pdf
        ? 'opened the DOCX and converted it to PDF'
        : `could not convert the DOCX (exit ${converted.status})`),
  );
  if (!converted.pdf) fail('LibreOffice', [converted.stderr]);

  const missing: Record<string, string[]> = await missingWords(folder, config, out, epub, pdf);
  try {
    missing.DOCX = docxMissingWords(folder, config, path.join(out, docx));
  } catch (error) {
    fail('Pandoc could not read the DOCX', [String((error as { stderr?: unknown }).stderr ?? error)]);
  }
  for (const [format, words] of Object.entries(missing)) {
    console.log(`  words missing from the ${format}: ${words.length}`);
    if (words.length > 0) fail(`words missing from the ${format}`, [words.slice(0, 40).join(' ')]);
  }
  return failures;
}

/** The book's files at its commit, in a fresh folder, with its book.yaml. */
function exportBook(book: CorpusBook): string {
  const gitDir = repository(book.repository);
  const folder = path.join(work, 'books', book.name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const archive = execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', book.commit], {
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', folder], { input: archive });
  const url = `https://github.com/${book.repository}`;
  const made = book.prepare?.(folder) ?? '';
  writeFileSync(
    path.join(folder, 'book.yaml'),
    `${book.yaml}${made}repository: {url: "${url}", branch: ${book.branch}}\n`,
  );
  return folder;
}

/** `init` on the repository as it stands, then `build`: exit codes, what init chose, EPUBCheck. */
function initBook(book: CorpusBook): number {
  const folder = path.join(work, 'init', book.repository.replace('/', '+'));
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const archive = execFileSync(
    'git',
    ['--git-dir', repository(book.repository), 'archive', '--format=tar', book.commit],
    { maxBuffer: 1 << 30 },
  );
  execFileSync('tar', ['-x', '-C', folder], { input: archive });
  rmSync(path.join(folder, 'book.yaml'), { force: true });
  console.log(`\n## ${book.repository} @ ${book.commit.slice(0, 7)}, from init`);
  const init = spawnSync(process.execPath, [cli, 'init', folder], { encoding: 'utf8' });
  for (const line of init.stdout.split('\n').filter((l) => /^ {2}(chapters|title|language)|^warning/.test(l)))
    console.log(`  ${line.trim()}`);
  const out = path.join(work, 'out', `init-${book.repository.replace('/', '+')}`);
  rmSync(out, { recursive: true, force: true });
  const build = spawnSync(
    process.execPath,
    [cli, 'build', '--config', path.join(folder, 'book.yaml'), '--out', out, '--format', 'html,epub', '--quiet'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  const epub = existsSync(out) ? readdirSync(out).find((name) => name.endsWith('.epub')) : undefined;
  const check = epub ? epubcheck(path.join(out, epub)) : undefined;
  console.log(
    `  init: exit ${init.status}; build: exit ${build.status}; EPUBCheck: ` +
      (check ? `${check.fatal} fatal, ${check.errors} errors, ${check.warnings} warnings` : 'no EPUB'),
  );
  const failures =
    Number(init.status !== 0) + Number(build.status !== 0) + Number(!check || check.fatal + check.errors > 0);
  if (failures > 0)
    console.log(
      `  FAIL ${[
        init.stderr,
        build.stderr.split('\n').slice(-3).join(' '),
        ...(check?.messages.slice(0, 5) ?? []),
      ].join('\n       ')}`,
    );
  return failures;
}

/** A git folder that has the repository's commits: from --mirrors, or cloned once into the work folder. */
function repository(name: string): string {
  const [owner, project] = name.split('/') as [string, string];
  const candidates = values.mirrors
    ? [path.join(values.mirrors, `${owner}+${project}`, 'repo'), path.join(values.mirrors, owner, `${project}.git`)]
    : [];
  const found = candidates.find((dir) => existsSync(dir));
  if (found) return found;
  const clone = path.join(work, 'repos', `${owner}+${project}.git`);
  if (!existsSync(clone))
    execFileSync('git', ['clone', '--bare', '--quiet', `https://github.com/${name}.git`, clone], { stdio: 'inherit' });
  return clone;
}
