import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { cutFrontMatter } from '../book/syntax/front-matter.js';
import { withoutCode } from '../book/without-code.js';

/** The chapters `init` chose, in order, and why. */
export interface FoundChapters {
  /** Paths relative to the book's folder, with `/`. */
  readonly chapters: readonly string[];
  /** How the order was found, for the message: `SUMMARY.md (mdBook or GitBook)`, … */
  readonly source: string;
  /** The book's title where the contents file (or the README beside it) gives one, and which. */
  readonly title?: { readonly value: string; readonly from: string };
  /** Files the contents file links that are not there. */
  readonly missing: readonly string[];
}

/** Contents files of the tools that books are written with, in the order they are tried. */
const contentsFiles = [
  { file: 'SUMMARY.md', name: 'SUMMARY.md (mdBook, GitBook, HonKit)' },
  { file: 'src/SUMMARY.md', name: 'src/SUMMARY.md (mdBook)' },
  { file: 'book/SUMMARY.md', name: 'book/SUMMARY.md (mdBook)' },
  { file: 'docs/SUMMARY.md', name: 'docs/SUMMARY.md (GitBook)' },
  { file: '_sidebar.md', name: '_sidebar.md (docsify)' },
  { file: 'docs/_sidebar.md', name: 'docs/_sidebar.md (docsify)' },
];

/** Files of a repository that are about the project, not chapters of its book. */
const projectFiles = new RegExp(
  `^(${(
    'license licence copying contributing code_of_conduct code-of-conduct changelog changes history security ' +
    'support authors contributors codeowners funding pull_request_template issue_template summary _sidebar ' +
    '_navbar _coverpage'
  )
    .split(' ')
    .join('|')})(\\.[\\w-]+)?$`,
  'i',
);
/** Folders that hold no chapters: tools', builds', and translations' (a translation is a book of its own). */
const skippedFolders = new RegExp(
  String.raw`^(node_modules|dist|build|_book|book-output|vendor|target|site|public|\.\w.*|` +
    String.raw`translations?|i18n|locales?|lang|languages)$`,
  'i',
);

/**
 * The chapters of a folder of Markdown, in the book's own order: the links of its contents file
 * (an mdBook or GitBook/HonKit `SUMMARY.md`, a docsify `_sidebar.md`), else those of a README
 * that links two or more of its Markdown files (a README that is the book's contents), else every
 * Markdown file in natural order (`2-x.md` before `10-x.md`), a README first.
 */
export function findChapters(root: string): FoundChapters {
  for (const contents of contentsFiles) {
    const file = path.join(root, contents.file);
    if (!isFile(file)) continue;
    const text = readFileSync(file, 'utf8');
    const { found, missing } = linkedMarkdown(root, file, text);
    if (found.length === 0) continue;
    const own = firstHeading(text);
    // The README beside the contents is the book's home page (docsify's), when the contents do not link it.
    const home = readmeOf(path.dirname(file));
    const homePath =
      home &&
      path
        .relative(root, path.join(path.dirname(file), home))
        .split(path.sep)
        .join('/');
    const chapters = homePath && !found.includes(homePath) ? [homePath, ...found] : found;
    const readme = readmeOf(root);
    const fromContents = own && !/^(summary|table of contents|contents|目录|目錄)$/i.test(own) ? own : undefined;
    const fromReadme =
      !fromContents && readme ? firstHeading(readFileSync(path.join(root, readme), 'utf8')) : undefined;
    const title = fromContents
      ? { value: fromContents, from: contents.file }
      : fromReadme
        ? { value: fromReadme, from: `the first heading of ${readme}` }
        : undefined;
    return { chapters, source: contents.name, missing, ...(title ? { title } : {}) };
  }
  const readme = readmeOf(root);
  if (readme) {
    const { chapters, missing } = readmeContents(root, readme);
    if (chapters.length >= 3)
      return { chapters, source: `${readme}'s links to the book's Markdown files (and their READMEs' links)`, missing };
  }
  const all = markdownFiles(root).sort(naturalOrder);
  const first = all.filter((file) => file === readme);
  return {
    chapters: [...first, ...all.filter((file) => file !== readme)],
    source: 'every Markdown file, in natural order',
    missing: [],
  };
}

/**
 * A README as the book's contents: it, then the Markdown files it links, each followed by what it
 * links in turn when it is a folder's README too (a series' README, then each book's chapters),
 * depth first, each file once; translations and the project's own files are not chapters.
 */
function readmeContents(root: string, readme: string): { chapters: string[]; missing: string[] } {
  const chapters: string[] = [];
  const missing: string[] = [];
  const visit = (file: string, depth: number): void => {
    chapters.push(file);
    const linked = linkedMarkdown(root, path.join(root, file), readFileSync(path.join(root, file), 'utf8'));
    missing.push(...linked.missing.filter((name) => !missing.includes(name) && !isTranslation(name)));
    for (const next of linked.found) {
      if (chapters.includes(next) || isProjectFile(next) || isTranslation(next)) continue;
      // Only a folder's README (or index) is read as contents: a chapter's links are cross-references.
      if (depth < 3 && /^(readme|index)\.(md|markdown)$/i.test(path.posix.basename(next))) visit(next, depth + 1);
      else chapters.push(next);
    }
  };
  visit(readme, 0);
  return { chapters, missing };
}

/** The local Markdown files a contents file links, in order, each once; and those it names that are not there. */
function linkedMarkdown(root: string, file: string, text: string): { found: string[]; missing: string[] } {
  const found: string[] = [];
  const missing: string[] = [];
  // Inline links; code spans and fences hold examples, not contents.
  const prose = withoutCode(text);
  for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g)) {
    const target = match[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(target.replace(/[#?].*$/, ''));
    } catch {
      continue;
    }
    if (!/\.(md|markdown)$/i.test(decoded)) continue;
    const absolute = decoded.startsWith('/') ? path.join(root, decoded) : path.resolve(path.dirname(file), decoded);
    const relative = path.relative(root, absolute).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    if (found.includes(relative) || missing.includes(relative)) continue;
    (isFile(absolute) ? found : missing).push(relative);
  }
  return { found, missing };
}

function readmeOf(root: string): string | undefined {
  return readdirSync(root).find((name) => /^readme\.(md|markdown)$/i.test(name));
}

/** Every Markdown file under the folder that may be a chapter, relative, with `/`. */
function markdownFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.test(entry.name)) walk(full);
      } else if (entry.isFile() && /\.(md|markdown)$/i.test(entry.name)) {
        const relative = path.relative(root, full).split(path.sep).join('/');
        if (!isProjectFile(relative) && !isTranslation(relative)) files.push(relative);
      }
    }
  };
  walk(root);
  return files;
}

function isProjectFile(file: string): boolean {
  return projectFiles.test(path.posix.basename(file).replace(/\.(md|markdown)$/i, '')) || file.startsWith('.github/');
}

/**
 * A README in another language beside the book's own (`README-zh.md`, `README.fr.md`,
 * `translations/…`, `de-DE/…`).
 */
function isTranslation(file: string): boolean {
  const folders = file.split('/').slice(0, -1);
  return (
    /^readme[-_.][\w-]+\.(md|markdown)$/i.test(path.posix.basename(file)) ||
    folders.some((folder) => skippedFolders.test(folder) || /^[a-z]{2,3}[-_](?:[A-Z]{2}|[A-Z][a-z]{3})$/.test(folder))
  );
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order, folder by folder: `2-intro.md` before `10-end.md`, a folder's README first. */
function naturalOrder(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const lastA = i === pa.length - 1;
    const lastB = i === pb.length - 1;
    // A folder's own README comes before what else the folder holds.
    if (lastA && /^readme\./i.test(pa[i]!)) return -1;
    if (lastB && /^readme\./i.test(pb[i]!)) return 1;
    return collator.compare(pa[i]!, pb[i]!);
  }
  return pa.length - pb.length;
}

/**
 * The text of a Markdown text's title: its first level-1 heading (`#`, `===` or raw `<h1>`, as a
 * README's centred banner holds it), else its first heading of any level, without its markup,
 * entities or shortcodes.
 */
export function firstHeading(text: string): string | undefined {
  const body = withoutCode(cutFrontMatter(text)?.text ?? text, false);
  const first = (patterns: RegExp[]): string | undefined =>
    patterns
      .map((pattern) => pattern.exec(body))
      .filter((m): m is RegExpExecArray => m !== null && clean(m[1]!) !== '')
      .sort((a, b) => a.index - b.index)[0]?.[1];
  const title = first([
    /^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/m,
    /^(?! {0,3}[-*_>#|<]) {0,3}(\S.*)\r?\n {0,3}=+[ \t]*$/m,
    /<h1\b[^>]*>([\s\S]*?)<\/h1>/i,
  ]);
  const any =
    title ??
    first([
      /^ {0,3}#{2,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/m,
      /^(?! {0,3}[-*_>#|<]) {0,3}(\S.*)\r?\n {0,3}-+[ \t]*$/m,
      /<h[2-6]\b[^>]*>([\s\S]*?)<\/h[2-6]>/i,
    ]);
  return any === undefined ? undefined : clean(any) || undefined;
}

function clean(heading: string): string {
  return heading
    .replace(/<[^>]+>/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/:[a-z0-9_+-]+:/g, '')
    .replace(/[*`]|(^|\s)_+|_+(\s|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}
