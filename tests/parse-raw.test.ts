import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Root } from 'hast';
import { raw } from 'hast-util-raw';
import { toHtml } from 'hast-util-to-html';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { closesWhatItOpens, parseRawHtml } from '../scripts/book/parse-raw.js';

const toHast = (markdown: string): { tree: Root; file: VFile } => {
  const file = new VFile(markdown);
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true });
  return { tree: processor.runSync(processor.parse(file), file) as Root, file };
};

describe('raw HTML parsed only where it is', () => {
  test('balance: closed elements, voids and comments pass; anything unclosed, crossed or special does not', () => {
    assert.equal(closesWhatItOpens(['<div align="justify">', '</div>']), true);
    assert.equal(
      closesWhatItOpens(['<p>a <span title="x>y">b</span> <img src="i.png"><br/></p>', '<!-- <div> -->']),
      true,
    );
    assert.equal(closesWhatItOpens(['<DIV>', '</div>']), true);
    for (const values of [
      ['<div>'],
      ['</div>'],
      ['<b><i></b></i>'],
      ['<div/>'],
      ['<!-- never closed'],
      ['<![CDATA[x]]>'],
      ['<script>a</script>'],
      ['<svg><path/></svg>'],
      ['<textarea></textarea>'],
    ]) {
      assert.equal(closesWhatItOpens(values), false, values.join(''));
    }
  });

  const chapters = {
    'wrapped paragraphs':
      '# Title\n\nBefore.\n\n<div align="justify">\n\nInside *one*.\n\nInside ' +
      'two.\n\n</div>\n\nAfter, with `code`.\n\n```\nplain\n```\n',
    'inline HTML in a list and a table':
      '- item <kbd>Ctrl</kbd>\n- <span class="x">two</span>\n\n| a | b |\n| - | - |\n| <sub>1</sub> | 2 |\n\nEnd.\n',
    'HTML block at the end with a footnote':
      'Text[^1].\n\n<details><summary>More</summary>\n\nHidden.\n\n</details>\n\n[^1]: ' +
      'A note with <abbr title="HyperText">HTML</abbr>.\n',
    'unclosed: the whole chapter is re-parsed': 'One.\n\n<div class="open">\n\nTwo.\n\n<b>bold\n\nThree.\n',
  };
  for (const [name, markdown] of Object.entries(chapters)) {
    test(`same tree as parsing the whole chapter: ${name}`, () => {
      const whole = toHast(markdown);
      const part = toHast(markdown);
      // parse5 gives a bare `data-*` attribute the value "", remark-rehype gives `true`: the same attribute.
      const html = (tree: Root): string => toHtml(tree, { collapseEmptyAttributes: true });
      assert.equal(html(parseRawHtml(part.tree, part.file)), html(raw(whole.tree, { file: whole.file }) as Root));
    });
  }

  test('a chapter without raw HTML is left as it is', () => {
    const { tree, file } = toHast('# Plain\n\nText.\n');
    const before = structuredClone(tree);
    assert.equal(parseRawHtml(tree, file), tree);
    assert.deepEqual(tree, before);
  });
});
