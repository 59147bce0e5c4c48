import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { francAll } from 'franc-min';
import { withoutCode } from '../book/without-code.js';

/** A licence's copyright line: "Copyright (c) 2015–2020 Name <mail>", the name its group. */
const copyrightLine = new RegExp(
  String.raw`^[ \t]*copyright[ \t]+(?:\(c\)|©)?[ \t]*(?:\d{4}(?:[ \t]*[-–,][ \t]*\d{4})*[,.]?[ \t]*)` +
    String.raw`(?:by[ \t]+)?([^\n<]+)`,
  'im',
);

/** A guess and where it came from, for `init`'s report. */
export interface Guess<T> {
  readonly value: T;
  readonly from: string;
}

/** The author: a package manifest's, a LICENSE's copyright line, or the git history's most frequent author. */
export function guessAuthor(root: string): Guess<string> | undefined {
  const manifest = path.join(root, 'package.json');
  if (existsSync(manifest)) {
    try {
      const author = (JSON.parse(readFileSync(manifest, 'utf8')) as { author?: string | { name?: string } }).author;
      const name = typeof author === 'string' ? author.replace(/\s*[<(].*$/, '').trim() : author?.name?.trim();
      if (name) return { value: name, from: 'package.json' };
    } catch {
      // Not JSON: the next source is asked.
    }
  }
  const license = readdirSync(root).find((name) => /^licen[cs]e(\.(md|txt))?$/i.test(name));
  if (license) {
    // A line of its own: "Copyright (c) 2015 Name <mail>", not the word in a licence's text.
    const line = copyrightLine
      .exec(readFileSync(path.join(root, license), 'utf8'))?.[1]
      ?.replace(/\.?\s*all rights reserved.*$/i, '')
      .trim();
    if (line && !/^(the\s+)?(holders?|owners?|notice|\[?yyyy|\[?name|<|\[)/i.test(line) && line.length < 80)
      return { value: line.replace(/[.,]$/, ''), from: license };
  }
  const log = git(root, ['log', '--format=%an']);
  if (log) {
    const counts = new Map<string, number>();
    for (const name of log.split('\n').filter(Boolean)) counts.set(name, (counts.get(name) ?? 0) + 1);
    const [name] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (name) return { value: name, from: 'the git history (its most frequent author)' };
  }
  return undefined;
}

/** The repository on the web, from git's `origin` remote, and its branch. */
export function guessRepository(root: string): Guess<{ url: string; branch: string }> | undefined {
  const remote = git(root, ['remote', 'get-url', 'origin'])?.trim();
  if (!remote) return undefined;
  const url = webAddress(remote);
  if (!url) return undefined;
  const branch = git(root, ['symbolic-ref', '--short', 'HEAD'])?.trim();
  return { value: { url, branch: branch && branch !== 'HEAD' ? branch : 'main' }, from: 'git remote "origin"' };
}

/** `git@github.com:o/r.git`, `ssh://git@host/o/r`, `https://host/o/r.git` as `https://host/o/r`. */
export function webAddress(remote: string): string | undefined {
  const scp = /^[\w.-]+@([^:/]+):(.+?)(?:\.git)?\/?$/.exec(remote);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  const url = /^(?:https?|ssh|git):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/.exec(remote);
  return url ? `https://${url[1]}/${url[2]}` : undefined;
}

/**
 * The book's language (BCP 47): a language suffix shared by its chapters' names (`README-zh.md`,
 * `intro.fr.md`), else what franc-min reads in its text (trigrams of 82 languages), with how sure.
 */
export function guessLanguage(texts: readonly string[], names: readonly string[]): Guess<string> & { sure: string } {
  const suffixes = names.map(
    (name) => /[-_.]([a-z]{2}(?:[-_][A-Za-z]{2,4})?)\.(md|markdown)$/i.exec(path.posix.basename(name))?.[1],
  );
  const suffix = suffixes[0];
  // One shared suffix, on more than one chapter or on a README: not a word that ends one name.
  const shared =
    suffix !== undefined &&
    suffixes.every((s) => s === suffix) &&
    (names.length > 1 || /^readme/i.test(path.posix.basename(names[0] ?? '')));
  if (shared && isLanguageTag(suffix.replace('_', '-'))) {
    return {
      value: suffix.replace('_', '-'),
      from: "the chapters' file names",
      sure: `every chapter's name ends in "-${suffix}"`,
    };
  }
  // The prose only: code, links' addresses and raw HTML's tags would read as English.
  const prose = withoutCode(texts.join('\n'))
    .replace(/\]\([^)]*\)|<[^>]+>|https?:\/\/\S+/g, ' ')
    .slice(0, 100_000);
  const [best, second] = francAll(prose, { minLength: 20 });
  if (!best || best[0] === 'und')
    return { value: 'en', from: 'no language could be read in the text', sure: 'a default' };
  const value = bcp47[best[0]] ?? best[0];
  const margin = second ? best[1] - second[1] : 1;
  return {
    value,
    from: 'the text (franc-min)',
    sure:
      margin >= 0.01
        ? `sure (${best[0]}, ahead of ${second?.[0] ?? 'any other'} by ${margin.toFixed(3)})`
        : `unsure (${best[0]}, ${second?.[0]} close behind)`,
  };
}

/**
 * franc's ISO 639-3 codes as BCP 47's shortest tags, for the languages this tool's interface speaks and their
 * neighbours.
 */
const bcp47: Readonly<Record<string, string>> = {
  eng: 'en',
  deu: 'de',
  fra: 'fr',
  spa: 'es',
  ita: 'it',
  por: 'pt',
  nld: 'nl',
  pol: 'pl',
  rus: 'ru',
  ukr: 'uk',
  tur: 'tr',
  arb: 'ar',
  pes: 'fa',
  heb: 'he',
  hin: 'hi',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  vie: 'vi',
  ind: 'id',
  ces: 'cs',
  swe: 'sv',
  ron: 'ro',
  hun: 'hu',
  ell: 'el',
  bul: 'bg',
  srp: 'sr',
  hrv: 'hr',
  ben: 'bn',
  tha: 'th',
  urd: 'ur',
  zlm: 'ms',
  tam: 'ta',
};

/** A tag whose language has a name (`zh-CN`, `pt-BR`, `fr`), as Intl knows languages. */
function isLanguageTag(tag: string): boolean {
  try {
    const language = new Intl.Locale(tag).language;
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(language) !== language;
  } catch {
    return false;
  }
}

function git(root: string, args: string[]): string | undefined {
  const result = spawnSync('git', ['-C', root, ...args], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? result.stdout : undefined;
}
