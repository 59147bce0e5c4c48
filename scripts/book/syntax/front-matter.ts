import type { Heading, Root, Yaml } from 'mdast';
import type { Position } from 'unist';
import { parseDocument } from 'yaml';
import type { ContentRepair } from '../content-model.js';

declare module 'mdast' {
  interface HeadingData {
    /** A chapter's title taken from its front matter: the chapter has no `#` heading of its own. */
    frontMatter?: boolean;
  }
}

/** A chapter's front matter, taken off its text. */
export interface FrontMatter {
  /** The text with the front matter's lines blanked (spaces), so that every place after it stays where it was. */
  readonly text: string;
  /** The `yaml` (or `toml`) node to put first in the tree. */
  readonly node: Yaml;
  readonly problems: ContentRepair[];
}

const fences = [
  { open: /^(\uFEFF?)---[ \t]*\r?\n/, close: /^(?:---|\.\.\.)[ \t]*$/, yaml: true },
  { open: /^(\uFEFF?)\+\+\+[ \t]*\r?\n/, close: /^\+\+\+[ \t]*$/, yaml: false },
];

/**
 * Takes the front matter off a chapter's text, as Jekyll, Hugo, Docusaurus and GitHub read it:
 * YAML between a first line `---` and a line `---` (or `...`), or TOML between `+++` lines. It is
 * front matter when it reads as a YAML mapping; a block that starts like one (`key: …`) but is not
 * YAML is hidden too, and reported (rule `front-matter`); anything else after a first `---` (a
 * thematic break, then Markdown) stays the author's text.
 *
 * Written here rather than with remark-frontmatter: its micromark extension stops the lists that
 * follow a first `---` that is not front matter from being read as lists (its issue 5).
 */
export function cutFrontMatter(text: string): FrontMatter | undefined {
  for (const fence of fences) {
    const open = fence.open.exec(text);
    if (!open) continue;
    const lines = text.slice(open[0].length).split('\n');
    const closing = lines.findIndex((line) => fence.close.test(line.replace(/\r$/, '')));
    if (closing < 0) continue;
    const value = lines.slice(0, closing).join('\n').replace(/\r$/, '');
    const end = open[0].length + lines.slice(0, closing + 1).join('\n').length;
    const position: Position = {
      start: { line: 1, column: 1, offset: 0 },
      end: { line: closing + 2, column: lines[closing]!.replace(/\r$/, '').length + 1, offset: end },
    };
    const problems: ContentRepair[] = [];
    if (fence.yaml) {
      const document = parseDocument(value, { prettyErrors: true });
      if (document.errors.length > 0) {
        // Not YAML: front matter that went wrong only when it starts like some.
        if (!/^[ \t]*[\w"'-][^:\n]*:(?:[ \t]|$)/.test(value.replace(/^(?:[ \t]*(?:#.*)?\r?\n)*/, ''))) continue;
        problems.push(...document.errors.map((error) => yamlProblem(error.message, error.linePos?.[0])));
      } else if (!isMapping(document.toJS())) {
        continue;
      }
    }
    const blanked = text.slice(0, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
    // TOML's node is only kept (no format prints it; the checker knows its lines); its title is not read.
    const node = fence.yaml
      ? ({ type: 'yaml', value, position } satisfies Yaml)
      : ({ type: 'toml', value, position } as unknown as Yaml);
    return { text: blanked, node, problems };
  }
  return undefined;
}

function isMapping(data: unknown): boolean {
  return data !== null && typeof data === 'object' && !Array.isArray(data);
}

function yamlProblem(message: string, at: { line: number; col: number } | undefined): ContentRepair {
  // The YAML begins on the line after the opening `---`.
  const line = 1 + (at?.line ?? 1);
  const column = at?.col ?? 1;
  const reason = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return {
    rule: 'front-matter',
    position: { start: { line, column }, end: { line, column: column + 1 } },
    message: `this front matter is not YAML (${reason}): no format prints it, and its title is not used; correct it`,
  };
}

/**
 * Puts the front matter into the tree (a `yaml` node, which no format prints), and its `title`
 * names a chapter that has no level-1 heading of its own, as Docusaurus does: a heading put first
 * in the tree, at the front matter's place.
 */
export function placeFrontMatter(tree: Root, frontMatter: FrontMatter): void {
  const { node } = frontMatter;
  tree.children.unshift(node);
  if (node.type !== 'yaml' || frontMatter.problems.length > 0) return;
  const data: unknown = parseDocument(node.value).toJS();
  const title = data && typeof data === 'object' && 'title' in data ? (data as { title: unknown }).title : undefined;
  const text = typeof title === 'string' || typeof title === 'number' ? String(title).trim() : '';
  const hasTitle = tree.children.some((child) => child.type === 'heading' && child.depth === 1);
  if (text && !hasTitle) {
    const heading: Heading = {
      type: 'heading',
      depth: 1,
      children: [{ type: 'text', value: text }],
      position: node.position,
      data: { frontMatter: true },
    };
    tree.children.splice(1, 0, heading);
  }
}
