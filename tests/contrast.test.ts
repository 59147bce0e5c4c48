import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { generate, parse, walk, type CssNode } from 'css-tree';
import { repo } from './helpers.js';

/** WCAG 2's relative luminance of an sRGB colour `#rrggbb` or `#rgb`. */
function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${Array.from(hex.slice(1), (c) => c + c).join('')}` : hex;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const value = parseInt(full.slice(i, i + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2's contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

interface Declared {
  readonly selector: string;
  readonly property: string;
  readonly value: string;
  readonly dark: boolean;
}

/** Every declaration of a style sheet, with its selector and whether it is inside a dark-scheme media query. */
function declarations(file: string): Declared[] {
  const found: Declared[] = [];
  const visitRules = (node: CssNode, dark: boolean): void => {
    walk(node, {
      visit: 'Rule',
      enter(rule) {
        for (const selector of generate(rule.prelude).split(',')) {
          rule.block.children.forEach((child) => {
            if (child.type !== 'Declaration') return;
            found.push({
              selector: selector.trim(),
              property: child.property,
              value: generate(child.value).trim(),
              dark,
            });
          });
        }
      },
    });
  };
  const ast = parse(readFileSync(path.join(repo, 'templates', file), 'utf8'));
  if (ast.type !== 'StyleSheet') return found;
  ast.children.forEach((node) => {
    if (node.type === 'Atrule' && node.name === 'media') {
      if (node.block) visitRules(node.block, /prefers-color-scheme:\s*dark/.test(generate(node.prelude ?? node)));
    } else if (node.type === 'Rule') {
      visitRules(node, false);
    }
  });
  return found;
}

const style = declarations('style.css');
const print = declarations('print.css');
const hex = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The value of a custom property on `:root`, in the light or the dark scheme. */
function rootVariable(sheet: readonly Declared[], name: string, dark: boolean): string {
  const value = sheet.findLast((d) => d.selector === ':root' && d.property === name && d.dark === dark)?.value;
  assert.ok(value && hex.test(value), `${name} is a colour (${dark ? 'dark' : 'light'})`);
  return value;
}

describe('highlighted code meets WCAG AA contrast', () => {
  const tokens = style.filter((d) => d.property === 'color' && d.selector.includes('.hljs-'));
  const lightTokens = tokens.filter((d) => !d.dark);
  const backgrounds = {
    light: rootVariable(style, '--code-bg', false),
    dark: rootVariable(style, '--code-bg', true),
    print: rootVariable(print, '--code-bg', false),
  };

  test('the style sheet has token colours to check', () => {
    assert.ok(lightTokens.length >= 20, `${lightTokens.length} light token selectors`);
    for (const token of tokens) assert.match(token.value, hex, token.selector);
  });

  for (const [scheme, background] of Object.entries(backgrounds)) {
    test(`every token colour against the ${scheme} code background (${background})`, () => {
      const failing = lightTokens.flatMap(({ selector, value }) => {
        // In the dark scheme a token keeps its light colour unless the dark block gives it another.
        const colour =
          scheme === 'dark' ? (tokens.findLast((d) => d.dark && d.selector === selector)?.value ?? value) : value;
        const ratio = contrast(colour, background);
        return ratio >= 4.5 ? [] : [`${selector} ${colour}: ${ratio.toFixed(2)}:1`];
      });
      assert.deepEqual(failing, []);
    });
  }

  test('the plain code text too', () => {
    assert.ok(contrast(rootVariable(style, '--text', false), backgrounds.light) >= 4.5);
    assert.ok(contrast(rootVariable(style, '--text', true), backgrounds.dark) >= 4.5);
    assert.ok(contrast(rootVariable(print, '--text', false), backgrounds.print) >= 4.5);
  });

  test("the ratio is WCAG 2's", () => {
    assert.equal(contrast('#000', '#fff').toFixed(2), '21.00');
    assert.equal(contrast('#777777', '#ffffff').toFixed(2), '4.48');
    assert.equal(contrast('#6a737d', '#f4f4f7').toFixed(2), '4.39');
  });
});
