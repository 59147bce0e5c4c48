import type { Browser, HTTPRequest } from 'puppeteer-core';
import { mermaidConfig } from './diagram-cache.js';

/** A drawing: Mermaid's SVG, or its error and the line of the diagram it names (1-based). */
export type Drawn = { readonly svg: string } | { readonly error: string; readonly line?: number };

/**
 * Draws the diagrams in one page of the browser: Mermaid's script is put into a blank page that
 * can reach nothing (every request is refused), and draws each diagram in turn. The page is
 * closed after.
 */
export async function drawInBrowser(browser: Browser, script: string, sources: readonly string[]): Promise<Drawn[]> {
  const page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => void request.abort('blockedbyclient'));
    await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ content: script });
    return await page.evaluate(
      async (sources, config) => {
        type Mermaid = {
          initialize(config: unknown): void;
          render(id: string, source: string): Promise<{ svg: string }>;
        };
        const mermaid = (globalThis as unknown as { mermaid: Mermaid }).mermaid;
        mermaid.initialize(config);
        const drawn: ({ svg: string } | { error: string; line?: number })[] = [];
        for (const [index, source] of sources.entries()) {
          try {
            drawn.push({ svg: (await mermaid.render(`mermaid-${index}`, source)).svg });
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            const line = /\bline (\d+)/i.exec(message)?.[1];
            // Its first line, and what it expected, in one line.
            const lines = message
              .split('\n')
              .map((text) => text.trim())
              .filter((text) => text && !/^[-.]*\^$/.test(text) && !text.startsWith('...'));
            drawn.push({ error: lines.join(' ').slice(0, 300), ...(line ? { line: Number(line) } : {}) });
          } finally {
            // A failed drawing leaves its element behind.
            for (const left of document.querySelectorAll(`[id$="mermaid-${index}"]`)) left.remove();
          }
        }
        return drawn;
      },
      sources,
      mermaidConfig,
    );
  } finally {
    await page.close().catch(() => undefined);
  }
}
