import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bookFiles, checkBook } from '../check/check-book.js';
import { findChapters, firstHeading } from '../init/find-chapters.js';
import { guessAuthor, guessLanguage, guessRepository } from '../init/guess-metadata.js';
import { createLog } from '../log.js';
import { ExitCode, StopError } from '../problems.js';

/**
 * `init [folder]`: writes a commented book.yaml for a folder of Markdown that has none, and never
 * overwrites one. The chapters and their order come from the book's own contents where it has
 * one, the title, author, language and repository from what the folder holds; then a first check,
 * after which each rule that the author's text breaks is set to `warning`, with a comment that
 * counts what it found, so that the first `build` exits 0. It prints what it chose and why.
 */
export async function initCommand(folder: string | undefined): Promise<number> {
  const root = path.resolve(folder ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new StopError(`${folder ?? root} is not a folder: give the folder of the book's Markdown`, ExitCode.usage);
  const config = path.join(root, 'book.yaml');
  const shown = path.relative(process.cwd(), config) || config;
  if (existsSync(config))
    throw new StopError(`${shown} already exists: init never overwrites it (remove it to start again)`, ExitCode.usage);
  const found = findChapters(root);
  if (found.chapters.length === 0)
    throw new StopError(`${folder ?? '.'} holds no Markdown file (.md) to make a book of`, ExitCode.usage);
  for (const missing of found.missing) say(`warning: the contents name ${missing}, which is not there: it is left out`);

  const guessed = guess(root, found);
  const lines = configLines(guessed, found);
  writeFileSync(config, `${lines.join('\n')}\n`);
  // A first check: what the author's own text breaks is turned down, so that the first build passes.
  const errors = await ruleErrors(config);
  if (errors.size > 0) writeFileSync(config, `${lines.join('\n')}\n${turnedDown(errors)}`);

  const { title, language, author, repository } = guessed;
  say(`wrote ${shown}:`);
  say(`  chapters: ${found.chapters.length}, from ${found.source}`);
  say(`  title: ${title.value} (from ${title.from})`);
  say(`  language: ${language.value} (from ${language.from}; ${language.sure})`);
  say(`  author: ${author ? `${author.value} (from ${author.from})` : 'none found: add it'}`);
  if (repository)
    say(`  repository: ${repository.value.url}, branch ${repository.value.branch} (from ${repository.from})`);
  if (errors.size > 0)
    say(`  turned down to warnings: ${[...errors].map(([rule, count]) => `${rule} (${count})`).join(', ')}`);
  say(`next: book build --config ${shown}`);
  return ExitCode.ok;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

type Found = ReturnType<typeof findChapters>;

/** What init guesses of the book from its folder: title, language, author and repository. */
function guess(root: string, found: Found) {
  const texts = found.chapters.map((chapter) => readFileSync(path.join(root, chapter), 'utf8'));
  const title = found.title ??
    titleOf(texts[0] ?? '', found.chapters[0] ?? '') ?? { value: path.basename(root), from: "the folder's name" };
  return {
    title,
    language: guessLanguage(texts, found.chapters),
    author: guessAuthor(root),
    repository: guessRepository(root),
  };
}

/** The lines of the book.yaml that init writes, each guess with where it came from. */
function configLines({ title, language, author, repository }: ReturnType<typeof guess>, found: Found): string[] {
  return [
    '# The book this folder holds, as `book init` found it. Every key is explained in the README',
    '# of the tool ("book.yaml"); change what it guessed wrong.',
    `title: ${JSON.stringify(title.value)}  # from ${title.from}`,
    ...(author
      ? [`author: ${JSON.stringify(author.value)}  # from ${author.from}`]
      : ['# author: "Your Name"  # no package.json, LICENSE or git history named one']),
    `language: ${language.value}  # from ${language.from}: ${language.sure}`,
    ...(repository
      ? [
          '# Links to files of the repository that are not chapters go to them on the web.',
          'repository:',
          `  url: ${repository.value.url}  # from ${repository.from}`,
          `  branch: ${repository.value.branch}`,
        ]
      : []),
    `# In reading order, from ${found.source}.`,
    'chapters:',
    ...found.chapters.map((chapter) => `  - ${JSON.stringify(chapter)}`),
  ];
}

/** The errors a first check of the book finds, counted by rule. */
async function ruleErrors(config: string): Promise<Map<string, number>> {
  const book = await checkBook(config, createLog(true));
  const errors = new Map<string, number>();
  for (const file of bookFiles(book))
    for (const message of file.messages)
      if (message.fatal && message.ruleId) errors.set(message.ruleId, (errors.get(message.ruleId) ?? 0) + 1);
  return errors;
}

/** book.yaml's `check:` that turns the rules the text breaks down to warnings, each with its count. */
function turnedDown(errors: ReadonlyMap<string, number>): string {
  const rules = [...errors].map(
    ([rule, count]) =>
      `    ${rule}: warning  # ${count} error${count === 1 ? '' : 's'} in the text as init found it; ` +
      '`book check` lists them',
  );
  return (
    'check:\n' +
    "  # Rules the author's text breaks, turned down to warnings so that the book builds; fix the text, then " +
    'remove them.\n' +
    `  rules:\n${rules.join('\n')}\n`
  );
}

function titleOf(text: string, chapter: string): { value: string; from: string } | undefined {
  const heading = firstHeading(text);
  return heading ? { value: heading, from: `the first heading of ${chapter}` } : undefined;
}
