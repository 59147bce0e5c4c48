import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { HtmlValidate } from 'html-validate';
import {
  ace,
  axeViolations,
  epubcheck,
  needs,
  readEpub,
  repo,
  run,
  startedModules,
  tempDir,
  writeBook,
} from './helpers.js';

const fixture = path.join(repo, 'tests', 'fixtures', 'github', 'book.yaml');

/** The text a reader sees in a page: tags, style sheets and comments left out, entities read. */
function textOf(html: string): string {
  return html
    .replace(/<(style|script|title|desc)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** What no output may show: the markers and the sources of what GitHub renders. */
function assertNoSource(text: string, where: string): void {
  for (const marker of [
    '[!NOTE]',
    '[!TIP]',
    '[!IMPORTANT]',
    '[!warning]',
    '[!CAUTION]',
    ':tada:',
    ':+1:',
    ':rocket:',
    'flowchart LR',
    'sequenceDiagram',
    '\\frac',
    '\\sum',
    'title: Alerts',
    'tags:',
    '#gh-dark-mode-only',
  ]) {
    // The one shortcode written in code stays as written, as on GitHub.
    const allowed = marker === ':tada:' ? 1 : 0;
    assert.ok(text.split(marker).length - 1 <= allowed, `${where} shows ${marker}`);
  }
  for (const shown of [
    '🎉',
    '👍',
    '🚀',
    'Browser client',
    'Charge the card',
    'Payment accepted',
    ':not_an_emoji_here:',
    'Alerts and other marks',
    'A ticket costs $5 and a book $10',
  ]) {
    assert.ok(text.includes(shown), `${where} shows ${shown}`);
  }
}

describe('what GitHub renders, every format renders (tests/fixtures/github)', () => {
  test(
    'alerts, math, diagrams, emoji, front matter and themed images, read back ' + 'from the EPUB, the PDF and the site',
    async (t) => {
      if (!needs(t, 'chromium') || !needs(t, 'epubcheck') || !needs(t, 'poppler')) return;
      const out = path.join(tempDir(t), 'out');
      const result = run(['build', '--config', fixture, '--out', out]);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /build: 0 errors, 0 warnings; 3 of 3 formats written/);

      const epubFile = path.join(out, 'what-github-shows.epub');
      const epub = await readEpub(epubFile);
      const pages = await Promise.all(['alerts', 'math', 'diagrams'].map((name) => epub.text(`OEBPS/${name}.xhtml`)));
      const [alerts, math, diagrams] = pages as [string, string, string];
      assertNoSource(textOf(pages.join('\n')), 'the EPUB');
      // Alerts: titled, a note for assistive technology, their icon inline SVG.
      for (const title of ['Note', 'Tip', 'Important', 'Warning', 'Caution']) {
        assert.match(
          alerts,
          new RegExp(
            `<div class="markdown-alert markdown-alert-${title.toLowerCase()}" role="note" ` +
              `aria-label="${title}"><p class="markdown-alert-title">` +
              `<svg[^>]*aria-hidden="true"[^>]*>.*?</svg>${title}</p>`,
          ),
        );
      }
      // Math: MathML with its TeX, and the manifest says so.
      const formulas = math.match(/<math\b[^>]*>/g) ?? [];
      assert.equal(formulas.length, 7);
      for (const formula of formulas) assert.match(formula, /alttext="[^"]+"/);
      assert.match(math, /<math[^>]*display="block"[^>]*alttext="\\sum_\{i=1\}\^\{n\} i\^2/);
      const opf = await epub.text('OEBPS/content.opf');
      assert.match(opf, /href="math\.xhtml"[^>]*properties="mathml"|properties="mathml"[^>]*href="math\.xhtml"/);
      assert.match(opf, /href="diagrams\.xhtml"[^>]*properties="svg"|properties="svg"[^>]*href="diagrams\.xhtml"/);
      // Diagrams: SVG with a title and a description, labels as SVG text, no script, no foreign HTML.
      const svgs = diagrams.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
      assert.equal(svgs.length, 2);
      for (const svg of svgs) {
        assert.match(svg, /^<svg[^>]*role="img"[^>]*><title>Diagram: [^<]+<\/title><desc>[^<]+<\/desc>/);
        assert.doesNotMatch(svg, /<script|foreignObject|onclick/i);
      }
      assert.match(svgs[0]!, /<text\b[^>]*>(?:<tspan[^>]*>)+Browser</);
      // Themed images: the light one only.
      assert.doesNotMatch(diagrams, /logo-dark|chart-dark/);
      assert.match(diagrams, /logo-light[\s\S]*chart-light/);
      assert.ok(!epub.names.some((name) => /dark/.test(name)), `no dark image in the EPUB: ${epub.names.join(', ')}`);
      // No script of any kind reaches the EPUB.
      assert.doesNotMatch(pages.join('\n'), /<script/);
      const check = epubcheck(epubFile);
      assert.deepEqual([check.fatal, check.errors, check.warnings], [0, 0, 0], check.messages.join('\n'));
      assert.deepEqual(ace(epubFile), []);

      // The PDF's text: the math symbols and the diagrams' words are text; no marker, no source.
      const pdfText = spawnSync('pdftotext', [path.join(out, 'what-github-shows.pdf'), '-'], {
        encoding: 'utf8',
      }).stdout;
      assertNoSource(pdfText.replace(/\s+/g, ' '), 'the PDF');
      for (const symbol of ['∑', '∫', '𝜋']) assert.ok(pdfText.includes(symbol), `the PDF's text has ${symbol}`);
      assert.ok(!pdfText.includes('chart-dark'), 'the PDF has no dark image');

      // The site: the same, details interactive, both themed images with the classes that pick one.
      const site = path.join(out, 'html');
      const html = (name: string): string => readFileSync(path.join(site, `${name}.html`), 'utf8');
      assertNoSource(textOf(['alerts', 'math', 'diagrams'].map(html).join('\n')), 'the site');
      assert.match(html('alerts'), /<details>\s*<summary>Answer to the exercise<\/summary>/);
      assert.match(html('diagrams'), /<source media="\(prefers-color-scheme: dark\)" srcset="images\/logo-dark\.svg">/);
      assert.match(html('diagrams'), /class="gh-dark-mode-only"/);
      for (const name of readdirSync(site).filter((file) => file.endsWith('.html'))) {
        assert.doesNotMatch(
          readFileSync(path.join(site, name), 'utf8').replace(/<script src="[^"]+"><\/script>/g, ''),
          /<script/,
          `${name} holds no inline script`,
        );
      }
      const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
      for (const name of ['alerts', 'math', 'diagrams']) {
        const report = await validator.validateString(html(name));
        assert.deepEqual(
          report.results.flatMap((r) =>
            r.messages.filter((m) => m.severity === 2).map((m) => `${name}: ${m.ruleId} ${m.message}`),
          ),
          [],
        );
      }
      for (const scheme of ['light', 'dark'] as const) {
        assert.deepEqual(await axeViolations(site, ['alerts.html', 'math.html', 'diagrams.html'], scheme), []);
      }

      // A warm build of the site and the EPUB draws nothing again: with no browser to be found, it
      // still builds, and says nothing.
      const drawn = html('diagrams');
      const warm = run(['build', '--config', fixture, '--out', out, '--format', 'html,epub'], {
        env: { PUPPETEER_EXECUTABLE_PATH: path.join(out, 'no-such-browser') },
      });
      assert.equal(warm.status, 0, warm.stderr);
      assert.match(warm.stderr, /build: 0 errors, 0 warnings/);
      assert.equal(html('diagrams'), drawn);
      // Drawn again from nothing, in a browser of its own: the same bytes.
      rmSync(path.join(out, '.cache'), { recursive: true, force: true });
      const cold = run(['build', '--config', fixture, '--out', out, '--format', 'html']);
      assert.equal(cold.status, 0, cold.stderr);
      assert.equal(html('diagrams'), drawn);
    },
  );

  test(
    'a diagram Mermaid cannot read, or one with no browser to draw it, is shown ' +
      'as its source with a warning at its line',
    async (t) => {
      if (!needs(t, 'chromium')) return;
      const dir = tempDir(t);
      const config = writeBook(dir, {
        'book.yaml': 'title: Diagrams\nslug: diagrams\nchapters: [chapter.md]\n',
        'chapter.md':
          '# Diagrams\n\nText.\n\n```mermaid\nflowchart LR\n  A --> B[never closed\n ' +
          ' C --> D\n```\n\n```mermaid\ngraph TD\n  Start --> Stop\n```\n',
      });
      const out = path.join(dir, 'out');
      const result = run(['build', '--config', config, '--out', out, '--format', 'html']);
      assert.equal(result.status, 0, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(
          String.raw`chapter\.md:8:1: warning: Mermaid cannot read this diagram \(P` +
            String.raw`arse error on line 4: Expecting 'SQE', 'DOUBLECIRCLEEND', 'P` +
            String.raw`E', … got '1'\): every output shows its source; correct it \[d` +
            String.raw`iagram\]`,
        ),
      );
      const page = readFileSync(path.join(out, 'html', 'chapter.html'), 'utf8');
      assert.match(page, /<pre><code class="language-mermaid">flowchart LR\n {2}A --> B\[never closed/);
      assert.match(page, /<div class="diagram"><svg[^>]*role="img"/);

      // A new diagram with no browser: the site shows its source, and says why; the PDF fails.
      writeBook(dir, { 'chapter.md': '# Diagrams\n\nText.\n\n```mermaid\ngraph TD\n  Begin --> End\n```\n' });
      const env = { PUPPETEER_EXECUTABLE_PATH: path.join(dir, 'no-such-browser') };
      const html = run(['build', '--config', config, '--out', out, '--format', 'html,epub'], { env });
      assert.equal(html.status, 0, html.stderr);
      assert.match(
        html.stderr,
        new RegExp(
          String.raw`chapter\.md:5:1: warning: this diagram was not drawn, as no ` +
            String.raw`browser could be started \(PUPPETEER_EXECUTABLE_PATH names .` +
            String.raw`*\): the HTML and the EPUB show its source; install Chromium`,
        ),
      );
      assert.match(
        readFileSync(path.join(out, 'html', 'chapter.html'), 'utf8'),
        /<code class="language-mermaid">graph TD/,
      );
      const pdf = run(['build', '--config', config, '--out', out, '--format', 'pdf'], { env });
      assert.equal(pdf.status, 3, pdf.stderr);
    },
  );

  test("GitHub's rules for what is an alert, what is math and what is an emoji, read from the site's pages", (t) => {
    const dir = tempDir(t);
    const chapter = [
      '---',
      'title: Rules',
      '---',
      '',
      "> [!NOTE] Text on the marker's line: a quotation.",
      '',
      '> [!HINT]',
      '> An unknown kind: a quotation.',
      '',
      '> [!TIP]',
      '',
      'An alert with nothing in it: a quotation.',
      '',
      '- > [!TIP]',
      '  > In a list: a quotation.',
      '',
      '> > [!NOTE]',
      '> > In a quotation: a quotation.',
      '',
      '> [!important]  ',
      '> Any case, and a hard break after the marker: an alert.',
      '',
      'A price of $5 and $10: no math.',
      '',
      'Not 2000$ nor $ 4 $ either.',
      '',
      'Nor $20,000 and $30,000, nor \\$x\\$.',
      '',
      'Math: $x^2$, $$\\int_0^1 f$$, $`a*b*c`$ and $\\$5$.',
      '',
      ':+1: :tada: :not-an-emoji: `:tada:`',
      '',
    ].join('\n');
    const config = writeBook(dir, {
      'book.yaml': 'title: Rules\nslug: rules\nchapters: [chapter.md]\n',
      'chapter.md': chapter,
    });
    const result = run(['build', '--config', config, '--out', path.join(dir, 'out'), '--format', 'html']);
    assert.equal(result.status, 0, result.stderr);
    const main = /<main[\s\S]*<\/main>/.exec(readFileSync(path.join(dir, 'out', 'html', 'chapter.html'), 'utf8'))![0];
    assert.match(main, /<h1 id="rules">Rules/, "the front matter's title names the chapter");
    assert.doesNotMatch(main, /title: Rules/);
    assert.equal(main.match(/class="markdown-alert /g)?.length, 1, 'one alert');
    assert.match(
      main,
      /markdown-alert-important[^>]*><p class="markdown-alert-title">[\s\S]*?Important<\/p>\s*<p>Any case/,
    );
    for (const quoted of [
      "[!NOTE] Text on the marker's line",
      '[!HINT]',
      '[!TIP]</p>',
      '[!TIP]\nIn a list',
      '[!NOTE]\nIn a quotation',
    ])
      assert.ok(main.includes(quoted), `stays a quotation: ${quoted}`);
    for (const text of [
      'A price of $5 and $10: no math.',
      'Not 2000$ nor $ 4 $ either.',
      'Nor $20,000 and $30,000, nor $x$.',
    ])
      assert.ok(main.includes(text), text);
    assert.doesNotMatch(result.stderr, /\[math\]/);
    const alts = [...main.matchAll(/<math[^>]*alttext="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(alts, ['x^2', '\\int_0^1 f', 'a*b*c', '\\$5']);
    assert.match(main, /<math[^>]*display="block"[^>]*alttext="\\int_0\^1 f"/);
    assert.match(main, /👍 🎉 :not-an-emoji: <code>:tada:<\/code>/);
  });

  test(
    'a book with no math, diagram, alert, emoji or front matter (the seed book) ' +
      "loads none of their libraries, nor the DOCX's",
    (t) => {
      const { status, stderr, started } = startedModules([
        'build',
        '--format',
        'html,epub',
        '--out',
        path.join(tempDir(t), 'out'),
      ]);
      assert.equal(status, 0, stderr);
      assert.ok(started.has('scripts/transform/transform.ts'), `the build ran: ${[...started].slice(0, 5).join(', ')}`);
      const loaded = [...started].filter((name) =>
        new RegExp(
          String.raw`temml|mermaid|octicons|gemoji|frontmatter|scripts\/book\/syn` +
            String.raw`tax\/(?:math|math-syntax|front-matter)\.ts|scripts\/diagrams` +
            String.raw`\/draw-diagrams`,
        ).test(name),
      );
      assert.deepEqual(loaded, []);
      // Nor a format's that was not asked for: the DOCX's library and renderer.
      assert.deepEqual(
        [...started].filter((name) => /node_modules\/(docx|@resvg)\/|scripts\/render\/docx\/(?!format\.ts)/.test(name)),
        [],
      );
    },
  );
});
