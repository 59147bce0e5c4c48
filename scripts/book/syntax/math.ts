import type { Element, ElementContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Code, Root } from 'mdast';
import type { InlineMath, Math } from 'mdast-util-math';
import { visit } from 'unist-util-visit';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import type { ContentRepair } from '../content-model.js';
import { repairForeign } from '../foreign-content.js';

/** Temml's module, loaded only for a book that has math. */
export type Temml = Pick<typeof import('temml'), 'renderToString'>;

/**
 * Turns the chapter's TeX into MathML at build time, in place: `$…$` and `` $`…`$ `` inline,
 * `$$…$$` and ```` ```math ```` fences as display math, each `<math>` with its TeX as `alttext`.
 * Temml (a fork of KaTeX's parser that writes only MathML, for MathML Core as Chromium renders
 * it) was chosen over KaTeX, whose MathML is meant to sit beside its HTML rendering and needs its
 * fonts and CSS, and over MathJax, whose output needs its script or a page-sized SVG per formula.
 * TeX that Temml cannot read stays as code, and is reported as a `math` problem at its place.
 * `\href` and other commands that would reach outside the book are refused (Temml's `trust: false`).
 */
export function renderMath(tree: Root, file: VFile, temml: Temml): ContentRepair[] {
  const problems: ContentRepair[] = [];
  // `\def` and `\gdef` hold through the chapter, as in a LaTeX document.
  const macros = {};
  let points: ReturnType<typeof location> | undefined;
  const report = (node: InlineMath | Code, error: unknown): void => {
    points ??= location(file);
    problems.push(texProblem(node, error, String(file.value), points));
  };
  visit(tree, (node, index, parent) => {
    if (node.type === 'inlineMath') {
      const display = node.data?.display === true;
      try {
        const math = texToMathml(temml, node.value, display, macros);
        node.data = { ...node.data, hName: 'math', hProperties: math.properties, hChildren: math.children };
      } catch (error) {
        report(node, error);
        node.data = {
          ...node.data,
          hName: 'code',
          hProperties: { className: ['math-error'] },
          hChildren: [{ type: 'text', value: node.value }],
        };
      }
    } else if (node.type === 'code' && node.lang?.toLowerCase() === 'math' && parent && index !== undefined) {
      try {
        const math = texToMathml(temml, node.value, true, macros);
        // A block of its own (mdast-util-math's `math` node), not code.
        const block: Math = {
          type: 'math',
          value: node.value,
          position: node.position,
          data: { hName: 'math', hProperties: math.properties, hChildren: math.children as ElementContent[] },
        };
        parent.children[index] = block;
      } catch (error) {
        report(node, error);
      }
    }
  });
  return problems;
}

/**
 * A formula's MathML, with its TeX as `alttext`, left to right in a right-to-left book too.
 * Inline formulas may break after a top-level operator or relation, as TeX breaks them, so that
 * a long one does not run past the line; Temml never breaks a displayed one.
 */
function texToMathml(temml: Temml, tex: string, display: boolean, macros: object): Element {
  const html = temml.renderToString(tex, {
    displayMode: display,
    xml: true,
    throwOnError: true,
    trust: false,
    macros,
    annotate: false,
    wrap: 'tex',
  });
  const root = fromHtml(html, { fragment: true }).children.find((child): child is Element => child.type === 'element');
  if (!root) throw new Error('Temml wrote no element');
  const math = asMathml3(root);
  repairForeign(math, () => undefined);
  math.properties.alttext = tex;
  math.properties.dir = 'ltr';
  return math;
}

/** The problem of TeX that Temml cannot read, at its place in the chapter's text. */
function texProblem(
  node: InlineMath | Code,
  error: unknown,
  text: string,
  points: ReturnType<typeof location>,
): ContentRepair {
  const message = (error instanceof Error ? error.message : String(error))
    .split('\n')[0]!
    .replace(/\s+at (?:position \d+|end of input).*$/, '')
    .trim();
  const at =
    typeof (error as { position?: unknown }).position === 'number'
      ? (error as { position: number }).position
      : undefined;
  return {
    rule: 'math',
    position: texPosition(node, at, text, points),
    message:
      `this TeX cannot be read (${message.replace(/^ParseError:\s*/, '')}): it is shown as code; ` +
      'correct it, or escape a dollar sign that is not math as \\$',
  };
}

/** MathML 3's token elements, which hold only text. */
const tokens = new Set(['mi', 'mo', 'mn', 'ms', 'mtext']);
/** Where MathML 3 takes `scriptlevel` and `displaystyle` (MathML Core takes them anywhere). */
const styleHolders: Readonly<Record<string, readonly string[]>> = {
  scriptlevel: ['mstyle'],
  displaystyle: ['mstyle', 'mtable', 'math'],
};

/**
 * Temml writes MathML Core, which EPUB's schema (MathML 3) does not all take: `scriptlevel` on
 * any element, and token elements holding markup (`\mathop{\arg\max}` as an `<mo>` holding
 * `<mrow>`s). Here each becomes its MathML 3 form, which renders alike: the attribute moves to an
 * `<mstyle>` around its element, and a token holding markup becomes an `<mrow>`.
 */
function asMathml3(element: Element): Element {
  element.children = element.children.map((child) => (child.type === 'element' ? asMathml3(child) : child));
  if (tokens.has(element.tagName) && element.children.some((child) => child.type === 'element')) {
    const { className, style, id, dir } = element.properties;
    element.tagName = 'mrow';
    element.properties = Object.fromEntries(
      Object.entries({ className, style, id, dir }).filter(([, value]) => value !== undefined),
    );
  }
  const moved: Record<string, string> = {};
  for (const [name, holders] of Object.entries(styleHolders)) {
    const value = element.properties[name];
    if (value === undefined || holders.includes(element.tagName)) continue;
    moved[name] = String(value);
    delete element.properties[name];
  }
  if (Object.keys(moved).length === 0) return element;
  const mstyle: Element = { type: 'element', tagName: 'mstyle', properties: moved, children: [element] };
  // The `<math>` itself keeps its place: the `<mstyle>` goes inside it.
  if (element.tagName !== 'math') return mstyle;
  mstyle.children = element.children;
  element.children = [mstyle];
  return element;
}

/** Where in the chapter Temml's error is: its offset in the TeX, found in the text as written. */
function texPosition(
  node: InlineMath | Code,
  at: number | undefined,
  text: string,
  points: ReturnType<typeof location>,
): Position | undefined {
  const position = node.position;
  if (!position || position.start.offset === undefined || position.end.offset === undefined) return position;
  const source = text.slice(position.start.offset, position.end.offset);
  const start = source.indexOf(node.value);
  if (at === undefined || start < 0) return position;
  const offset = position.start.offset + start + Math.min(at, node.value.length);
  const point = points.toPoint(offset);
  return point ? { start: point, end: points.toPoint(offset + 1) ?? point } : position;
}
