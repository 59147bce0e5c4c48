import type { Root } from 'hast';
import type { Book } from '../book/types.js';
import type { Log } from '../log.js';
import type { Session } from '../render/renderer.js';
import type { ChapterContent } from '../transform/transform.js';
import type { BrowserSource } from './draw-diagrams.js';
import { findDiagrams } from './find-diagrams.js';

/**
 * Draws the book's Mermaid diagrams (draw-diagrams.ts), in the PDF's browser when there is one, else in
 * one started for them, only when a diagram is not in the cache. A book without one loads none of it.
 */
export async function drawDiagramsOf(
  book: Book,
  content: readonly ChapterContent[],
  out: string,
  session: Session | undefined,
  log: Log,
): Promise<void> {
  // A tree kept from the last build (transform.ts) has its diagrams drawn already.
  const fresh = content.filter((chapter) => !drawn.has(chapter.tree));
  const blocks = findDiagrams(fresh);
  if (blocks.length > 0) {
    const source: BrowserSource = async () => {
      if (session?.browser) return { browser: await session.browser(), close: async () => undefined };
      const { startBrowser } = await import('../render/pdf/browser.js');
      const started = startBrowser(book.config);
      try {
        return { browser: await started.connect(), close: () => started.close() };
      } catch (error) {
        await started.close();
        throw error;
      }
    };
    const { drawDiagrams } = await import('./draw-diagrams.js');
    await log.stage(
      'diagrams',
      () => drawDiagrams(book, blocks, out, source),
      () => `${blocks.length} diagram${blocks.length === 1 ? '' : 's'}`,
    );
  }
  for (const chapter of fresh) drawn.add(chapter.tree);
}

/**
 * Output trees whose diagrams are drawn: the preview keeps a chapter's tree while its text and
 * context are unchanged (transform.ts), and it is not searched again.
 */
const drawn = new WeakSet<Root>();
