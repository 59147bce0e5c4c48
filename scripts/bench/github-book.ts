import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Formulas of the kinds books hold, varied by a number so that no two are alike. */
const formulas = [
  (n: number) => `\\sum_{i=1}^{${n}} i^2 = \\frac{${n}(${n}+1)(2\\cdot${n}+1)}{6}`,
  (n: number) => `\\int_0^{${n}} x^{${(n % 5) + 1}}\\,dx`,
  (n: number) => `\\sqrt{a_{${n}}^2 + b_{${n}}^2}`,
  (n: number) => `\\begin{pmatrix} ${n} & 0 \\\\ 0 & ${n + 1} \\end{pmatrix}`,
  (n: number) => `\\lim_{x \\to ${n}} \\frac{\\sin x}{x}`,
  (n: number) => `e^{i\\pi ${n}} + \\alpha_{${n}} \\le \\beta`,
];

/**
 * A book that uses what GitHub renders, at a scale: `chapters` chapters, each with two Mermaid
 * diagrams (a flowchart and a sequence diagram, their labels numbered so that every one is new)
 * and 20 formulas (10 inline, 10 displayed), an alert and prose. Written into `dir`.
 */
export function githubBook(dir: string, chapters = 10): string {
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (let c = 1; c <= chapters; c++) {
    const lines = [
      `# Chapter ${c}`,
      '',
      '> [!NOTE]',
      `> Chapter ${c} draws two diagrams and sets twenty formulas.`,
      '',
    ];
    lines.push(
      '```mermaid',
      'flowchart LR',
      `  A${c}[Client ${c}] --> B${c}[Server ${c}]`,
      `  B${c} --> C${c}[(Store ${c})]`,
      `  B${c} --> D${c}{Cache ${c}?}`,
      '```',
      '',
    );
    for (let f = 0; f < 10; f++) {
      const n = c * 100 + f;
      lines.push(
        `Paragraph ${f + 1} of chapter ${c} holds $${formulas[f % formulas.length]!(n)}$ inline, and then:`,
        '',
        '$$',
        formulas[(f + 1) % formulas.length]!(n),
        '$$',
        '',
      );
    }
    lines.push(
      '```mermaid',
      'sequenceDiagram',
      `  participant Shop${c}`,
      `  participant Bank${c}`,
      `  Shop${c}->>Bank${c}: Charge ${c}`,
      `  Bank${c}-->>Shop${c}: Paid ${c}`,
      '```',
      '',
    );
    const name = `chapter-${String(c).padStart(2, '0')}.md`;
    writeFileSync(path.join(dir, name), lines.join('\n'));
    names.push(name);
  }
  writeFileSync(
    path.join(dir, 'book.yaml'),
    `title: GitHub features\nslug: github-features\nchapters:\n${names.map((n) => `  - ${n}`).join('\n')}\n`,
  );
  return path.join(dir, 'book.yaml');
}
