import { createRequire } from 'node:module';
import path from 'node:path';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical violations on each page of a site folder, as "page: rule (impact, nodes)". */
export async function axeViolations(site: string, pages: readonly string[]): Promise<string[]> {
  const { default: puppeteer } = await import('puppeteer');
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const found: string[] = [];
    for (const name of pages) {
      const page = await browser.newPage();
      await page.goto(`file://${path.join(site, name)}`, { waitUntil: 'load', timeout: 120_000 });
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(async () => {
        type Axe = { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
        const result = await (window as unknown as { axe: Axe }).axe.run(document, { preload: false });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
      });
      found.push(...violations.map((v) => `${name}: ${v}`));
      await page.close();
    }
    return found;
  } finally {
    await browser.close();
  }
}
