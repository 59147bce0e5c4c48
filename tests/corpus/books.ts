/**
 * The corpus: real public Markdown books and documentation sets written by others, each pinned to
 * a commit, with the book.yaml this tool needs for it. `npm run corpus` brings each repository,
 * writes the book.yaml into its folder and builds and checks every format.
 * A rule is turned down only for a defect of the author's own, and the comment says which.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CorpusBook {
  /** The folder name of the book in the corpus's work folder. */
  readonly name: string;
  /** `owner/name` of a public repository. */
  readonly repository: string;
  readonly commit: string;
  readonly branch: string;
  /** The book.yaml written at the repository's root, after `repository:`, which the runner adds. */
  readonly yaml: string;
  /**
   * For a repository that is not a book itself: writes the book's chapters into the exported
   * folder from the repository's own files, and returns the lines of book.yaml that name them.
   */
  readonly prepare?: (folder: string) => string;
}

const ydkjsChapters = (book: string, files: string): string =>
  files
    .split(' ')
    .map((file) => `  - ${book}/${file}.md`)
    .join('\n');

/**
 * html5lib's tree-construction tests as a book: one chapter per `.dat` file, each `#data` input
 * pasted as raw HTML under a heading of its own, with a line of Markdown after it.
 */
function html5libChapters(folder: string): string {
  const dir = path.join(folder, 'tree-construction');
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.dat'))
    .sort();
  for (const name of names) {
    const stem = name.replace(/\.dat$/, '');
    const inputs = readFileSync(path.join(dir, name), 'utf8')
      .split(/\n(?=#data\n)/)
      .flatMap(
        (block) =>
          /^#data\n([\s\S]*?)\n#(?:errors|document-fragment|script-off|script-on|new-errors)/.exec(
            block.replace(/^\n+/, ''),
          )?.[1] ?? [],
      );
    const body = inputs.map((input, i) => `## ${stem} ${i + 1}\n\n${input}\n\nAfter ${stem} ${i + 1}.\n`).join('\n');
    writeFileSync(path.join(folder, `${stem}.md`), `# ${stem}\n\n${body}`);
  }
  return `chapters:\n${names.map((name) => `  - ${name.replace(/\.dat$/, '.md')}`).join('\n')}\n`;
}

export const corpus: readonly CorpusBook[] = [
  {
    // A huge README full of raw HTML (centred blocks, tables of logos, <details>), with translations beside it.
    name: 'coding-interview-university',
    repository: 'jwasham/coding-interview-university',
    commit: '717298bf219a30d7fb0671285c5f057b1bb74b27',
    branch: 'main',
    yaml: `title: Coding Interview University
author: John Washam
language: en
chapters:
  - README.md
  - programming-language-resources.md
check:
  rules:
    # Two links of the contents name headings that are not there, on GitHub too
    # ("#find-a-job", "#unix-command-line-tools").
    broken-link: warning
    # programming-language-resources.md starts with a "##" heading.
    single-h1: warning
`,
  },
  {
    // The same book's Persian translation: right to left, Latin terms inside.
    name: 'coding-interview-university-fa',
    repository: 'jwasham/coding-interview-university',
    commit: '717298bf219a30d7fb0671285c5f057b1bb74b27',
    branch: 'main',
    yaml: `title: دانشگاه مصاحبه کدنویسی
author: John Washam
language: fa
chapters:
  - translations/README-fa.md
check:
  rules:
    # The list of translations links "translations/README-xx.md" from inside translations/: broken on GitHub too.
    broken-link: warning
`,
  },
  {
    // A Chinese book of many chapters in a folder, ordered by its sidebar.md.
    name: 'es6tutorial',
    repository: 'ruanyf/es6tutorial',
    commit: 'fc58b0c1505654bde876ace4f8f1f7f5882876fa',
    branch: 'gh-pages',
    yaml: `title: ECMAScript 6 入门
author: 阮一峰
language: zh-Hans
chapters:
  - README.md
${[
  'intro',
  'let',
  'destructuring',
  'string',
  'string-methods',
  'regex',
  'number',
  'function',
  'array',
  'object',
  'promise',
  'class',
]
  .map((name) => `  - docs/${name}.md`)
  .join('\n')}
check:
  rules:
    # README.md goes from its "#" title to "###" headings.
    heading-increment: warning
`,
  },
  {
    // A published programming book: two books of a series, each a folder of README, foreword, chapters, images.
    name: 'you-dont-know-js',
    repository: 'getify/You-Dont-Know-JS',
    commit: '63922c18b276da141f6e07ccebe25eca87fa09f4',
    branch: '2nd-ed',
    yaml: `title: You Don't Know JS Yet
author: Kyle Simpson
language: en
chapters:
  - README.md
  - preface.md
${ydkjsChapters('get-started', 'README foreword toc ch1 ch2 ch3 ch4 apA apB')}
${ydkjsChapters('scope-closures', 'README foreword toc ch1 ch2 ch3 ch4 ch5 ch6 ch7 ch8 apA apB')}
check:
  rules:
    # Every chapter opens with two # headings: the book's title, then the chapter's.
    single-h1: warning
`,
  },
  {
    // One enormous README: badges, centred raw HTML, long lists of links, <details>.
    name: 'the-book-of-secret-knowledge',
    repository: 'trimstray/the-book-of-secret-knowledge',
    commit: '7d37069a361d3fd9f214480755f7969744e866fa',
    branch: 'master',
    yaml: `title: The Book of Secret Knowledge
author: trimstray
language: en
chapters:
  - README.md
check:
  rules:
    # The contents link "#cli-tools-toc" and the like, which no heading or anchor has, on GitHub either.
    broken-link: warning
    # The title is a raw <h4>; the first Markdown heading is "##", and "####" headings follow "##" ones.
    single-h1: warning
    heading-increment: warning
`,
  },
  {
    // A curriculum of questions, each answer in a collapsed <details>; the Arabic translation, right to left.
    name: 'javascript-questions-ar',
    repository: 'lydiahallie/javascript-questions',
    commit: 'a8b427b9f7f94f1a2965144ba544b475c5f65829',
    branch: 'master',
    yaml: `title: أسئلة جافا سكريبت
author: Lydia Hallie
language: ar
chapters:
  - ar-AR/README_AR.md
check:
  rules:
    # The list of translations links "../th-TH/README-th_TH.md", which the repository does not have.
    broken-link: warning
`,
  },
  {
    // A course of lessons in folders, each lesson a README.md.
    name: 'rustlings',
    repository: 'rust-lang/rustlings',
    commit: '5e7a5d172106e75a50039a1846e38eca9f812bc1',
    branch: 'main',
    yaml: `title: Rustlings
author: The Rustlings contributors
language: en
chapters:
  - README.md
  - exercises/README.md
${[
  '00_intro',
  '01_variables',
  '02_functions',
  '03_if',
  '04_primitive_types',
  '05_vecs',
  '06_move_semantics',
  '07_structs',
  '08_enums',
  '09_strings',
  '10_modules',
  '11_hashmaps',
  '12_options',
  '13_error_handling',
  '14_generics',
  '15_traits',
  '16_lifetimes',
  '17_tests',
  '18_iterators',
  '19_smart_pointers',
  '20_threads',
  '21_macros',
  '22_clippy',
  '23_conversions',
]
  .map((name) => `  - exercises/${name}/README.md`)
  .join('\n')}
`,
  },
  {
    // Not a book: html5lib's HTML-parser edge cases (the last commit before they moved to WPT),
    // 1,792 inputs pasted as raw HTML, each under a heading of its own.
    name: 'html5lib-tree-construction',
    repository: 'html5lib/html5lib-tests',
    commit: '9329e64694e7835d0dcff9811e22856ef6ad16f9',
    branch: 'master',
    yaml: `title: html5lib tree construction
language: en
check:
  rules:
    # The inputs link "#1", "\\nbar" and other targets that no input has.
    broken-link: warning
    # Inputs such as "<h1><div><h3>" skip heading levels.
    heading-increment: warning
`,
    prepare: html5libChapters,
  },
  {
    // A Chinese textbook of machine learning's derivations: hundreds of formulas in $…$ and $$…$$
    // (written for KaTeX), each chapter in a folder of its own.
    name: 'pumpkin-book',
    repository: 'datawhalechina/pumpkin-book',
    commit: 'a8d8b5bf806b6a11db141c8e9485005fbc4a3379',
    branch: 'master',
    yaml: `title: 南瓜书
author: Datawhale
language: zh-Hans
chapters:
  - docs/README.md
${Array.from({ length: 16 }, (_, i) => `  - docs/chapter${i + 1}/chapter${i + 1}.md`).join('\n')}
check:
  rules:
    # docs/README.md has no heading, and chapter 10 has a second "#" heading.
    single-h1: warning
`,
  },
];
