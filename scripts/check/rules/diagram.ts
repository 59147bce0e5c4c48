import path from 'node:path';
import type { Code, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { brief, DiagramCache, diagramCacheFolder, diagramKeys, errorPlace } from '../../diagrams/diagram-cache.js';
import { Kept } from '../../kept.js';
import type { Rule } from '../rule.js';

const broken = 'flowchart LR\n  A --> B[never closed';

/**
 * Mermaid diagrams that cannot be drawn. Mermaid runs in a browser, which `check` does not start:
 * it reports an empty diagram, and what Mermaid said of a diagram when the book was last built
 * into its default output folder (`dist/`, whose `.cache/diagrams/` keeps every drawing and
 * error). `build` reports the same at its lines as it draws (diagrams/draw-diagrams.ts).
 */
export const diagram: Rule = {
  id: 'diagram',
  severity: 'warning',
  description: 'Every ```mermaid fence is a diagram that Mermaid can draw (check reports what the last build found).',
  // A getter: the bad example's cache file is named by Mermaid's version, read only when asked.
  get examples() {
    return [
      { markdown: '# Title\n\n```mermaid\ngraph TD\n  A --> B\n```\n', expect: [] },
      {
        markdown: `# Title\n\n\`\`\`mermaid\n\`\`\`\n\n\`\`\`mermaid\n${broken}\n\`\`\`\n`,
        files: {
          [`dist/.cache/diagrams/${diagramKeys([broken])[0]}.json`]: JSON.stringify({
            error: "Parse error on line 2: Expecting 'SQE', got 'EOF'",
            line: 2,
          }),
        },
        expect: ['3:1', '8:1'],
      },
    ];
  },
  check(book, emit) {
    const fences = book.chapters.flatMap((chapter) =>
      mermaidFences(chapter.mdast).map((node) => ({ file: chapter.file, node })),
    );
    if (fences.length === 0) return;
    const cache = new DiagramCache(diagramCacheFolder(path.join(book.config.root, 'dist')));
    const keys = diagramKeys(fences.map(({ node }) => node.value));
    fences.forEach(({ file, node }, index) => {
      const start = node.position?.start;
      if (node.value.trim() === '')
        return emit(
          file,
          start,
          'this diagram is empty: Mermaid draws nothing, and every output shows an ' +
            'empty code block; write the diagram, or remove the fence',
        );
      const kept = cache.get(keys[index]!);
      if (kept && 'error' in kept)
        emit(
          file,
          errorPlace(node.value, start, kept.line),
          `Mermaid could not read this diagram at the last build (${brief(kept.error)}): ` +
            `every output shows its source; correct it`,
        );
    });
  },
};

const fencesOf = new Kept<Root, Code[]>();

/** A chapter's ```` ```mermaid ```` fences, kept with its Markdown tree (the parse cache keeps it). */
function mermaidFences(mdast: Root): Code[] {
  return fencesOf.once(mdast, () => {
    const fences: Code[] = [];
    visit(mdast, 'code', (node) => {
      if (node.lang?.toLowerCase() === 'mermaid') fences.push(node);
    });
    return fences;
  });
}
