import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rules } from '../scripts/check/rules/index.js';
import { run, tempDir, writeBook } from './helpers.js';

/** Each rule's good and bad examples, run through the real `check` as one-chapter books. */
describe('rules', () => {
  for (const rule of rules) {
    describe(rule.id, () => {
      test('has a description and both kinds of example', () => {
        assert.ok(rule.description.length > 10);
        assert.ok(rule.examples.some((e) => e.expect.length === 0), 'a good example');
        assert.ok(rule.examples.some((e) => e.expect.length > 0), 'a bad example');
      });
      rule.examples.forEach((example, index) => {
        test(`example ${index + 1} reports ${example.expect.join(', ') || 'nothing'}`, (t) => {
          const dir = tempDir(t);
          const files: Record<string, string | Uint8Array> = { 'chapter.md': example.markdown };
          for (const [name, data] of Object.entries(example.files ?? {})) files[name] = data;
          const config = writeBook(dir, { 'book.yaml': 'title: Example\nchapters: [chapter.md]\n', ...files });
          const result = run(['check', '--config', config, '--reporter', 'json']);
          const messages = JSON.parse(result.stdout) as { ruleId: string; line: number; column: number; file: string; severity: string }[];
          const own = messages.filter((m) => m.ruleId === rule.id);
          assert.deepEqual(own.map((m) => `${m.line}:${m.column}`), example.expect, JSON.stringify(messages));
          for (const message of own) {
            assert.equal(message.file, 'chapter.md');
            assert.equal(message.severity, rule.severity);
          }
        });
      });
    });
  }
});
