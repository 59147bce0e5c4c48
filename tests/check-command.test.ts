import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { escapeData, escapeProperty } from '../scripts/check/reporters/github.js';
import type { JsonMessage } from '../scripts/check/reporters/json.js';
import { repo, run, startedModules } from './helpers.js';

type Message = JsonMessage;

const json = (): Message[] => JSON.parse(run(['check', '--reporter', 'json']).stdout) as Message[];

describe('check on the real book', () => {
  const messages = json();
  const at = (rule: string, file: string): number[] =>
    messages.filter((m) => m.ruleId === rule && m.file === `manuscript/${file}`).map((m) => m.line);

  test('0 errors, exit 0, every message with a range and a sentence', () => {
    const result = run(['check', '--quiet']);
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /^0 errors, \d+ warnings$/m);
    assert.equal(messages.filter((m) => m.severity === 'error').length, 0);
    for (const m of messages) {
      assert.ok(m.endLine > m.line || (m.endLine === m.line && m.endColumn > m.column), JSON.stringify(m));
      assert.match(m.message, /; /, 'says what is wrong and what to do');
    }
  });

  test('the double spaces after "#", the trailing periods, the duplicate headings and the "b." numbering', () => {
    assert.ok(at('heading-whitespace', '03-python-programming.md').includes(35));
    assert.ok(at('heading-whitespace', '01-back-end-developer.md').includes(12));
    assert.deepEqual(at('heading-numbering', '03-python-programming.md'), [35]);
    assert.deepEqual(at('heading-punctuation', '03-python-programming.md'), [75]);
    assert.deepEqual(at('heading-punctuation', '10-conclusion-and-next-steps.md'), [7]);
    assert.deepEqual(at('duplicate-heading', '04-database-management-systems.md'), [1, 95]);
    assert.match(
      messages.find((m) => m.ruleId === 'duplicate-heading' && m.line === 95)!.message,
      /"Conclusion" is also at manuscript\/04-database-management-systems\.md:47:1/,
    );
  });

  test('every empty section, at its line', () => {
    const chapters = (parse(readFileSync(path.join(repo, 'book.yaml'), 'utf8')) as { chapters: string[] }).chapters;
    for (const chapter of chapters) {
      const file = chapter.replace('manuscript/', '');
      assert.deepEqual(
        at('empty-section', file),
        emptySections(readFileSync(path.join(repo, chapter), 'utf8')),
        chapter,
      );
    }
    assert.ok(at('empty-section', '03-python-programming.md').length > 20);
  });
});

describe('reporters and flags', () => {
  test('pretty counts the rest past three warnings of a rule in a chapter; --verbose shows all', () => {
    const short = run(['check', '--quiet']).stdout.trim().split('\n');
    const long = run(['check', '--quiet', '--verbose']).stdout.trim().split('\n');
    const all = json();
    assert.equal(long.length, all.length + 1);
    assert.ok(short.length < long.length / 2);
    const hidden =
      all.filter((m) => m.file === 'manuscript/03-python-programming.md' && m.ruleId === 'empty-section').length - 3;
    assert.ok(
      short.includes(
        `manuscript/03-python-programming.md: … and ${hidden} more empty-section warnings (--verbose shows them)`,
      ),
    );
    assert.ok(!short.join('\n').includes('\u001b['), 'no colour off a terminal');
  });

  test('github: workflow commands, chosen by GITHUB_ACTIONS=true', () => {
    const result = run(['check', '--quiet'], { env: { GITHUB_ACTIONS: 'true' } });
    const commands = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    assert.equal(commands.length, json().length);
    assert.match(
      commands[0]!,
      /^::warning file=manuscript\/\S+\.md,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::\S/,
    );
    assert.ok(
      commands.some((c) =>
        new RegExp(
          String.raw`^::warning file=manuscript\/03-python-programming\.md,line=3` +
            String.raw`5,col=4,endLine=35,endColumn=7,title=heading-whitespace::3 s` +
            String.raw`paces after "###"; use one space$`,
        ).test(c),
      ),
    );
    assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
    assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
  });

  test('--strict and --max-warnings make warnings fail, as ESLint does', () => {
    const count = json().length;
    assert.equal(run(['check', '--quiet', '--strict']).status, 1);
    assert.equal(run(['check', '--quiet', '--max-warnings', String(count)]).status, 0);
    const over = run(['check', '--quiet', '--max-warnings', String(count - 1)]);
    assert.equal(over.status, 1);
    assert.match(over.stderr, new RegExp(`${count} warnings, more than --max-warnings ${count - 1}`));
    assert.equal(run(['check', '--max-warnings', 'many']).status, 2);
  });

  test('--stats: the outline with words, reading time and empty sections, as a table or JSON', () => {
    const table = run(['check', '--quiet', '--stats']);
    assert.equal(table.status, 0);
    assert.match(table.stdout, /^manuscript\/03-python-programming\.md$/m);
    assert.match(table.stdout, /^ {2}Python Programming +0 +0 min +\d+$/m);
    assert.match(table.stdout, /^total: 11 chapters, \d+ headings +\d+ +\d+ min +\d+$/m);
    const stats = JSON.parse(run(['check', '--stats', '--reporter', 'json']).stdout) as {
      chapters: {
        file: string;
        words: number;
        minutes: number;
        emptySections: number;
        sections: { title: string; words: number }[];
      }[];
      totals: { words: number; minutes: number; emptySections: number };
    };
    assert.equal(stats.chapters.length, 11);
    assert.equal(stats.totals.emptySections, json().filter((m) => m.ruleId === 'empty-section').length);
    assert.equal(
      stats.totals.words,
      stats.chapters.reduce((n, c) => n + c.words, 0),
    );
    assert.equal(stats.totals.minutes, Math.ceil(stats.totals.words / 230));
    assert.ok(stats.chapters[2]!.words > 4000);
  });
});

test(
  'check loads no renderer: running it starts no module of puppeteer, epub-gen-memory, ' +
    'pdf-lib, docx or a renderer',
  () => {
    const { status, stderr, started } = startedModules(['check', '--quiet']);
    assert.equal(status, 0, stderr);
    assert.ok(
      started.has('scripts/commands/check-command.ts'),
      `the check command ran: ${[...started].slice(0, 5).join(', ')}`,
    );
    assert.ok(started.has('scripts/check/check-book.ts'));
    // The registry of formats (formats.ts and each format's format.ts) is read, for book.yaml's
    // `formats` and `pdf`; no renderer is.
    const registry = /^scripts\/render\/(formats\.ts|[^/]+\/format\.ts)$/;
    const renderers = [...started].filter(
      (name) =>
        /puppeteer|epub-gen-memory|pdf-lib|jszip|docx|resvg|scripts\/render\//.test(name) && !registry.test(name),
    );
    assert.deepEqual(renderers, []);
  },
);

/**
 * Empty sections found independently of the checker: an ATX heading followed, past blank lines, by a heading of its
 * level or higher, or by the end.
 */
function emptySections(text: string): number[] {
  const lines = text.split(/\r?\n/);
  const headings = lines.flatMap((line, index) => {
    const match = /^ {0,3}(#{1,6})(?:\s|$)/.exec(line);
    return match ? [{ line: index + 1, depth: match[1]!.length }] : [];
  });
  return headings
    .filter((heading, index) => {
      const next = headings[index + 1];
      const between = lines
        .slice(heading.line, next ? next.line - 1 : lines.length)
        .filter((line) => line.trim() !== '');
      return between.length === 0 && (!next || next.depth <= heading.depth);
    })
    .map((heading) => heading.line);
}
