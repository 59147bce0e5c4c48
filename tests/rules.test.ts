import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rules } from '../scripts/check/rules/index.js';
import type { RuleExample } from '../scripts/check/rule.js';
import { run, tempDir, writeBook } from './helpers.js';

/** Each rule's good and bad examples, run through the real `check` as small books. */
describe('rules', () => {
  for (const rule of rules) {
    describe(rule.id, () => {
      test('has a description and both kinds of example', () => {
        assert.ok(rule.description.length > 10);
        assert.ok(
          rule.examples.some((e) => e.expect.length === 0),
          'a good example',
        );
        assert.ok(
          rule.examples.some((e) => e.expect.length > 0),
          'a bad example',
        );
      });
      rule.examples.forEach((example, index) => {
        test(`example ${index + 1} reports ${example.expect.join(', ') || 'nothing'}`, (t) => {
          const messages = checkExample(tempDir(t), example);
          const own = messages.filter((m) => m.ruleId === rule.id);
          const places = own.map((m) => (m.file === 'chapter.md' ? '' : `${m.file}:`) + `${m.line}:${m.column}`);
          assert.deepEqual(places, example.expect, JSON.stringify(messages, null, 1));
          for (const message of own) {
            assert.equal(message.severity, rule.severity);
            assert.ok(
              message.endLine > message.line ||
                (message.endLine === message.line && message.endColumn > message.column),
              `a range: ${JSON.stringify(message)}`,
            );
          }
        });
      });
    });
  }
});

interface Message {
  ruleId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  file: string;
  severity: string;
}

/** Writes the example's book (chapter.md, then its other chapters and files) and checks it. */
function checkExample(dir: string, example: RuleExample): Message[] {
  const chapters = ['chapter.md', ...(example.chapters ?? [])];
  const files: Record<string, string | Uint8Array> = { 'chapter.md': example.markdown, ...example.files };
  const yaml = `title: Example\nchapters: [${chapters.join(', ')}]\n${example.config ?? ''}`;
  const config = writeBook(dir, { 'book.yaml': yaml, ...files });
  const result = run(['check', '--config', config, '--reporter', 'json']);
  return JSON.parse(result.stdout) as Message[];
}
