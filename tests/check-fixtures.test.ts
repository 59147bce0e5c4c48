import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { JsonMessage } from '../scripts/check/reporters/json.js';
import { repo, run, tempDir } from './helpers.js';

/**
 * Broken books, one per family of rules: every rule fires exactly where `expected/messages.txt`
 * says (`file:line:column-endLine:endColumn severity rule`) and nowhere else, whether the
 * chapters end lines with LF or with CRLF after a BOM. `UPDATE=1` rewrites the expectations.
 */
const cases = ['headings', 'links', 'raw-html', 'nesting'];
const fixtures = path.join(repo, 'tests', 'fixtures');

type Message = JsonMessage;

for (const name of cases) {
  describe(`the "${name}" fixture book`, () => {
    const expectedFile = path.join(fixtures, name, 'expected', 'messages.txt');

    test('with LF line ends, each rule fires exactly where expected', () => {
      const { lines, status } = check(path.join(fixtures, name, 'book.yaml'));
      if (process.env.UPDATE) {
        mkdirSync(path.dirname(expectedFile), { recursive: true });
        writeFileSync(expectedFile, `${lines.join('\n')}\n`);
      }
      assert.deepEqual(lines, expected(expectedFile));
      assert.equal(status, lines.some((line) => line.includes(' error ')) ? 1 : 0);
    });

    test('with CRLF line ends and a BOM, the same messages at the same places', (t) => {
      const dir = tempDir(t);
      cpSync(path.join(fixtures, name), dir, { recursive: true });
      for (const file of markdownFiles(dir)) {
        const text = readFileSync(file, 'utf8');
        writeFileSync(file, `\ufeff${text.replace(/\n/g, '\r\n')}`);
      }
      assert.deepEqual(check(path.join(dir, 'book.yaml')).lines, expected(expectedFile));
    });
  });
}

/** The book's messages, one line each, in reading order. */
function check(config: string): { lines: string[]; status: number | null } {
  const result = run(['check', '--config', config, '--reporter', 'json']);
  const messages = JSON.parse(result.stdout) as Message[];
  const lines = messages.map(
    (m) => `${m.file}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.severity} ${m.ruleId}`,
  );
  return { lines, status: result.status };
}

function expected(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return markdownFiles(full);
    return name.endsWith('.md') ? [full] : [];
  });
}
