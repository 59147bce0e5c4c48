import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import type { Root as MdRoot } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Browser } from 'puppeteer';
import { build } from '../scripts/build.js';
import { ruleIds } from '../scripts/check/rules/index.js';
import { createLog } from '../scripts/log.js';
import { epubcheck, needs, readEpub } from './helpers.js';

/**
 * Words, in several scripts, with Markdown's punctuation among them; never `<` (raw HTML comes from its own generator).
 */
const word = fc.oneof(
  fc.constantFrom(
    'alpha',
    'Beta',
    'γάμμα',
    'дельта',
    '日本語',
    'émigré',
    'naïve',
    'x_y',
    'a*b',
    'c`d',
    '&amp;',
    '&copy;',
    'q&a',
    '[TOC]',
    'http://example.org',
    'e\\*f',
    '~~',
    '|',
    '#tag',
  ),
  fc.stringMatching(/^[a-zA-Z0-9*_`~#>![\]()\\.:;&|-]{1,10}$/),
);
const words = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
const inline = fc.oneof(
  words,
  words.map((w) => `*${w}*`),
  words.map((w) => `**${w}**`),
  words.map((w) => `\`${w.replace(/`/g, '')}\``),
  fc
    .tuple(
      words,
      fc.constantFrom('#top', 'other.md', '#nowhere', 'https://example.org/x', 'mailto:a@b.c', '../outside.md'),
    )
    .map(([w, href]) => `[${w}](${href})`),
  fc
    .tuple(words, fc.constantFrom('img.png', 'missing.png', 'https://example.org/i.png', '/etc/passwd'))
    .map(([w, src]) => `![${w}](${src})`),
  words.map((w) => `~~${w}~~`),
  words.map((w) => `<span class="x">${w}</span>`),
  words.map((w) => `<b onclick="x()">${w}</b>`),
);
/**
 * Raw HTML: random nesting of a few dozen elements (void, phrasing, flow, table and list parts, obsolete, foreign) with
 * attributes.
 */
const tags = [
  'div',
  'span',
  'p',
  'a',
  'b',
  'button',
  'ul',
  'ol',
  'li',
  'table',
  'tr',
  'td',
  'th',
  'caption',
  'figure',
  'figcaption',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'select',
  'option',
  'textarea',
  'pre',
  'h3',
  'label',
  'section',
  'center',
  'font',
  'foo-bar',
  'svg',
  'math',
  'mi',
  'img',
  'br',
  'hr',
  'input',
  'picture',
  'source',
  'script',
  'style',
  'title',
];
const attribute = fc.constantFrom(
  '',
  ' id="x"',
  ' class="c"',
  ' align="center"',
  ' width="50%"',
  ' href="#top"',
  ' xlink:href="#a"',
  ' onclick="f()"',
  ' type="bogus"',
  ' alt="alt text"',
  ' src="img.png"',
  ' lang="en"',
  ' start="2"',
  ' bgcolor="red"',
);
const element: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, words, tie('element')),
  element: fc.tuple(fc.constantFrom(...tags), attribute, fc.array(tie('node'), { maxLength: 3 }), fc.boolean()).map(
    // What a script or style holds is dropped by design, with it: they stay empty here.
    ([tag, attrs, children, closed]) =>
      /^(script|style)$/.test(tag)
        ? `<${tag}></${tag}>`
        : `<${tag}${attrs}>${children.join('')}${closed ? `</${tag}>` : ''}`,
  ),
})).element as fc.Arbitrary<string>;
const paragraph = fc.array(inline, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' '));
const block = fc.oneof(
  paragraph,
  fc.tuple(fc.integer({ min: 1, max: 6 }), words).map(([depth, w]) => `${'#'.repeat(depth)} ${w}`),
  fc.array(paragraph, { minLength: 1, maxLength: 4 }).map((items) => items.map((item) => `- ${item}`).join('\n')),
  fc
    .array(paragraph, { minLength: 1, maxLength: 4 })
    .map((items) => items.map((item, i) => `${i + 3}. ${item}`).join('\n')),
  fc
    .array(words, { minLength: 1, maxLength: 3 })
    .map((items) => items.map((item, i) => `- [${i % 2 ? 'x' : ' '}] ${item}`).join('\n')),
  paragraph.map((p) => `> ${p}`),
  words.map((w) => `\`\`\`js\n${w}\n\`\`\``),
  fc
    .tuple(words, words)
    .map(
      ([a, b]) =>
        `| ${a.replace(/\|/g, '')} | ${b.replace(/\|/g, '')} |\n| :-- | --: |\n| ${b.replace(/\|/g, '')} ` +
        `| ${a.replace(/\|/g, '')} |`,
    ),
  words.map((w) => `<div align="center">\n\n${w}\n\n</div>`),
  words.map((w) => `<center>${w}</center>`),
  element,
  fc.tuple(element, words).map(([html, w]) => `${html} ${w}`),
  fc.constant('---'),
  fc.constant('[TOC]'),
  words.map((w) => `Footnote here.[^n]\n\n[^n]: ${w}`),
);
const markdown = fc.array(block, { minLength: 1, maxLength: 12 }).map((blocks) => `${blocks.join('\n\n')}\n`);

/**
 * The words of the Markdown tree's text nodes, outside raw HTML. A footnote definition that GFM
 * does not show (never referenced, or a second one with the same label) is not part of the text.
 */
function markdownWords(text: string): string[] {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(text) as MdRoot;
  const referenced = new Set<string>();
  visit(tree, 'footnoteReference', (node) => void referenced.add(node.identifier));
  const seen = new Set<string>();
  const found: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'footnoteDefinition') {
      const shown = referenced.has(node.identifier) && !seen.has(node.identifier);
      seen.add(node.identifier);
      if (!shown) return 'skip';
    }
    if (node.type === 'text') found.push(...node.value.replaceAll('[TOC]', ' ').split(/\s+/).filter(Boolean));
    return undefined;
  });
  return found;
}

let browser: Browser | undefined;
let dir = '';
before(() => (dir = mkdtempSync(path.join(tmpdir(), 'book-property-'))));
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test(
  'any Markdown, with every rule off: the build finishes, the XHTML is well-formed, ' + 'the HTML has every word',
  async (t) => {
    if (!needs(t, 'chromium')) return;
    const { default: puppeteer } = await import('puppeteer');
    browser = await puppeteer.launch({
      executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    const page = await browser.newPage();
    const withEpubcheck = needs(t, 'epubcheck');
    const rules = ruleIds.map((id) => `${id}: off`).join(', ');
    writeFileSync(
      path.join(dir, 'img.png'),
      readFileSync(path.join(import.meta.dirname, 'fixtures/sampler/chapters/images/blue-square.png')),
    );
    writeFileSync(path.join(dir, 'other.md'), '# Other\n');
    writeFileSync(
      path.join(dir, 'book.yaml'),
      `title: Any\nslug: any\nchapters: [a.md, other.md]\ncheck: {rules: {${rules}}}\n`,
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(markdown, async (text) => {
        writeFileSync(path.join(dir, 'a.md'), text);
        const out = path.join(dir, `out-${run++}`);
        const result = await build(
          { config: path.join(dir, 'book.yaml'), out, formats: ['html', 'epub'] },
          createLog(true),
        );
        assert.deepEqual(result.failed, []);
        const epub = await readEpub(path.join(out, 'any.epub'));
        for (const name of epub.names.filter((n) => n.endsWith('.xhtml') || n.endsWith('.opf') || n.endsWith('.ncx'))) {
          const xml = await epub.text(name);
          const error = await page.evaluate((source) => {
            const parsed = new DOMParser().parseFromString(source, 'application/xml');
            return parsed.querySelector('parsererror')?.textContent ?? '';
          }, xml);
          assert.equal(error, '', `${name} is well-formed XML:\n${xml}`);
        }
        const html = toString(fromHtml(readFileSync(path.join(out, 'html', 'a.html'), 'utf8')));
        for (const w of markdownWords(text)) assert.ok(html.includes(w), `"${w}" is in the HTML`);
        for (const name of readdirSync(path.join(out, 'html')).filter((n) => n.endsWith('.html')))
          fromHtml(readFileSync(path.join(out, 'html', name), 'utf8'));
        // The one-page book (as the print) is read again by a browser's parser: no chapter may end
        // up inside another, or be read as text (an HTML element that does not read back the same).
        const sections: string[] = [];
        visit(fromHtml(readFileSync(path.join(out, 'html', 'book.html'), 'utf8')), 'element', (element) => {
          if (element.tagName === 'section' && String(element.properties.className).includes('chapter'))
            sections.push(String(element.properties.id));
        });
        assert.deepEqual(
          sections,
          ['chapter-a', 'chapter-other'],
          'every chapter of the one-page book reads back as a chapter',
        );
        // A sample of the books also goes through EPUBCheck: valid, not only well-formed.
        if (run % 10 === 1 && withEpubcheck) {
          const verdict = epubcheck(path.join(out, 'any.epub'));
          // RSC-012: a generated link to a fragment the book does not have (`#top`, `#a`) is the author's broken link.
          const errors = verdict.messages.filter((m) => /^(ERROR|FATAL)/.test(m) && !/ RSC-012 /.test(m));
          assert.deepEqual(errors, [], `EPUBCheck on:\n${text}`);
        }
        rmSync(out, { recursive: true, force: true });
      }),
      { numRuns: 60, seed: Number(process.env.PROPERTY_SEED ?? 20261127) },
    );
  },
);
