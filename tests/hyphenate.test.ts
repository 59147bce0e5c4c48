import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import {
  hyphenateElements,
  hyphenateText,
  keepLigatures,
  loadHyphenator,
  patternName,
  softHyphen,
  trimBreaks,
} from '../scripts/render/pdf/hyphenate.js';

/** The print's hyphenation with the real patterns (the `hyphen` package's TeX patterns). */
const shown = (text: string): string => text.replaceAll(softHyphen, '~');

describe('hyphenation', () => {
  const english = loadHyphenator('en');

  test("a language's patterns: its own, else its usual one, else none", () => {
    const available = ['en-us', 'en-gb', 'de-1996', 'pt', 'fr', 'mn-cyrl'];
    assert.equal(patternName('en', available), 'en-us');
    assert.equal(patternName('en-GB', available), 'en-gb');
    assert.equal(patternName('de-AT', available), 'de-1996');
    assert.equal(patternName('pt-BR', available), 'pt');
    assert.equal(patternName('fr', available), 'fr');
    assert.equal(patternName('mn', available), 'mn-cyrl');
    assert.equal(patternName('zh', available), undefined);
    assert.equal(patternName('fa', available), undefined);
    assert.equal(loadHyphenator('fa'), undefined, 'no patterns for Persian');
    assert.equal(loadHyphenator('ja'), undefined, 'no patterns for Japanese');
    assert.ok(loadHyphenator('de'), 'German');
  });

  test('English words of six letters or more, two letters at least before a break and three after', () => {
    assert.ok(english);
    assert.equal(shown(english('representational')), 'rep~re~sen~ta~tional');
    assert.equal(shown(english('hyphenation')), 'hy~phen~ation');
    assert.equal(english('table'), 'table', 'five letters');
    for (const word of ['development', 'architecture', 'programming', 'understanding', 'extraordinarily']) {
      const parts: string[] = english(word).split(softHyphen);
      assert.ok(parts.length > 1, word);
      assert.ok(parts[0]!.length >= 2 && parts.at(-1)!.length >= 3, shown(english(word)));
      assert.equal(parts.join(''), word);
    }
  });

  test('no break too near the ends, nor inside the ligatures ff, fi, fl, fj, ft', () => {
    assert.equal(shown(trimBreaks(`a${softHyphen}bcdef${softHyphen}ghi`)), 'abcdef~ghi');
    assert.equal(shown(trimBreaks(`ab${softHyphen}cdefg${softHyphen}h`)), 'ab~cdefgh');
    assert.equal(shown(keepLigatures(`dif${softHyphen}fer${softHyphen}ent`)), 'differ~ent');
    assert.equal(shown(keepLigatures(`of${softHyphen}ten`)), 'often');
  });

  test('URLs, paths, addresses and identifiers stay whole; prose around them does not', () => {
    assert.ok(english);
    const text =
      'Read https://example.org/architecture, docs/architecture.md or admin@development.org about architecture.';
    const out = shown(hyphenateText(text, english));
    assert.match(out, /https:\/\/example\.org\/architecture,/);
    assert.match(out, / docs\/architecture\.md /);
    assert.match(out, / admin@development\.org /);
    assert.match(out, /about ar~chi~tec~ture\.$/);
    assert.equal(shown(hyphenateText('snake_case_identifier camelCaseIdentifier', english)).includes('_'), true);
    assert.doesNotMatch(shown(hyphenateText('snake_case_identifier', english)), /~/);
  });

  test('headings, code, keyboard text and text in another language keep no soft hyphen', () => {
    assert.ok(english);
    const [section] = hyphenateElements(
      [
        h('section', [
          h('h2', 'Understanding architecture'),
          h('p', ['Understanding ', h('code', 'architecture'), ' and ', h('em', 'architecture'), '.']),
          h('pre', h('code', 'understanding architecture')),
          h('p', { lang: 'de' }, 'Verständnisarchitektur'),
          h('p', { translate: 'no' }, 'understanding'),
        ]),
      ],
      english,
      'en-US',
    );
    const html = shown(toHtml(section!));
    assert.match(html, /<h2>Understanding architecture<\/h2>/);
    assert.match(html, /<p>Un~der~stand~ing <code>architecture<\/code> and <em>ar~chi~tec~ture<\/em>\.<\/p>/);
    assert.match(html, /<pre><code>understanding architecture<\/code><\/pre>/);
    assert.match(html, /Verständnisarchitektur/);
    assert.match(html, /translate="no">understanding</);
  });
});
