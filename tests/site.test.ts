import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HtmlValidate } from 'html-validate';
import type { Browser, Page } from 'puppeteer';
import { needs, repo, run } from './helpers.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Opens a page of the site from disk, failing on any request that leaves it or fails. */
async function open(browser: Browser, url: string, problems: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('request', (request) => {
    if (!request.url().startsWith('file://')) problems.push(`left the site: ${request.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`script error: ${(error as Error).message}`));
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

for (const book of [
  {
    name: 'the real book',
    config: path.join(repo, 'book.yaml'),
    search: { query: 'further learning', page: '10-conclusion-and-next-steps.html' },
  },
  {
    name: 'the sampler',
    config: path.join(repo, 'tests/fixtures/sampler/book.yaml'),
    search: { query: 'καλημερα', page: '02-more.html' },
  },
]) {
  describe(`the HTML site of ${book.name}`, () => {
    const out = mkdtempSync(path.join(tmpdir(), 'book-site-'));
    const site = path.join(out, 'html');
    let browser: Browser | undefined;
    before(() =>
      assert.equal(run(['build', '--config', book.config, '--out', out, '--format', 'html', '--quiet']).status, 0),
    );
    after(async () => {
      await browser?.close();
      rmSync(out, { recursive: true, force: true });
    });
    const launch = async (): Promise<Browser> => {
      const { default: puppeteer } = await import('puppeteer');
      browser ??= await puppeteer.launch({
        executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu'],
      });
      return browser;
    };

    test('every page is valid HTML (html-validate)', async () => {
      const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
      for (const name of readdirSync(site).filter((n) => n.endsWith('.html'))) {
        const report = await validator.validateFile(path.join(site, name));
        assert.deepEqual(
          report.results.flatMap((r) =>
            r.messages.map((m) => `${name}:${m.line}:${m.column} ${m.message} (${m.ruleId})`),
          ),
          [],
        );
      }
    });

    test(
      'axe-core finds no serious or critical violation on any page, and nothing ' + 'is fetched from elsewhere',
      async (t) => {
        if (!needs(t, 'chromium')) return;
        const chrome = await launch();
        const problems: string[] = [];
        for (const name of readdirSync(site).filter((n) => n.endsWith('.html'))) {
          const page = await open(chrome, `file://${path.join(site, name)}`, problems);
          await page.addScriptTag({ path: axePath });
          const violations = await page.evaluate(async () => {
            const result = await (
              window as unknown as {
                axe: {
                  run(
                    context: Document,
                    options: object,
                  ): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
                };
              }
            ).axe.run(document, { preload: false });
            return result.violations
              .filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
          });
          assert.deepEqual(violations, [], name);
          await page.close();
        }
        assert.deepEqual(problems, []);
      },
    );

    test('a reader follows the contents, searches, and goes next and back', async (t) => {
      if (!needs(t, 'chromium')) return;
      const chrome = await launch();
      const problems: string[] = [];
      const page = await open(chrome, `file://${path.join(site, 'index.html')}`, problems);
      const target = await page.$eval('main nav.toc li:nth-child(2) > a', (a) => a.getAttribute('href')!);
      await Promise.all([page.waitForNavigation(), page.click('main nav.toc li:nth-child(2) > a')]);
      assert.equal(path.basename(new URL(page.url()).pathname), target.split('#')[0]);
      assert.ok(await page.$('#sidebar [aria-current="page"]'), 'the sidebar shows where the reader is');

      await page.type('#search-input', book.search.query);
      await page.waitForSelector('#search-results li a', { timeout: 5000 });
      const first = await page.$eval('#search-results li a', (a) => ({
        href: a.getAttribute('href')!,
        text: a.textContent!,
      }));
      assert.equal(first.href.split('#')[0], book.search.page, JSON.stringify(first));
      assert.ok(await page.$('#search-results mark'), 'the snippet marks the match');
      await Promise.all([page.waitForNavigation(), page.click('#search-results li a')]);
      assert.equal(path.basename(new URL(page.url()).pathname), book.search.page);

      const here = page.url();
      const next = await page.$('main a[rel="prev"]');
      assert.ok(next);
      await Promise.all([page.waitForNavigation(), page.click('main a[rel="prev"]')]);
      assert.notEqual(page.url(), here);
      await Promise.all([page.waitForNavigation(), page.click('main a[rel="next"]')]);
      assert.equal(page.url().split('#')[0], here.split('#')[0]);
      assert.deepEqual(problems, []);
    });

    test('on a phone the sidebar opens from its button', async (t) => {
      if (!needs(t, 'chromium')) return;
      const chrome = await launch();
      const page = await open(chrome, `file://${path.join(site, 'index.html')}`, []);
      await page.setViewport({ width: 390, height: 844 });
      const hidden = await page.$eval('#sidebar', (nav) => nav.getBoundingClientRect().right <= 0);
      assert.ok(hidden, 'the sidebar is off screen');
      await page.click('.sidebar-toggle');
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.ok(await page.$eval('#sidebar', (nav) => nav.getBoundingClientRect().left >= 0));
    });
  });
}
