import type { Heading, Root } from 'mdast';
import { parseDocument } from 'yaml';
import type { ContentRepair } from '../content-model.js';

declare module 'mdast' {
  interface HeadingData {
    /** A chapter's title taken from its front matter: the chapter has no `#` heading of its own. */
    frontMatter?: boolean;
  }
}

/**
 * Reads the chapter's front matter (remark-frontmatter's `yaml` node, which no format prints), as
 * Jekyll, Hugo, Docusaurus and GitHub read it: its `title` names a chapter that has no level-1
 * heading of its own, as Docusaurus does, by a heading put first in the tree. YAML that cannot be
 * read is reported (rule `front-matter`) at its line, and its title is not taken.
 */
export function readFrontMatter(tree: Root): ContentRepair[] {
  const node = tree.children[0];
  if (node?.type !== 'yaml') return [];
  const document = parseDocument(node.value, { prettyErrors: true });
  const start = node.position?.start;
  const problems: ContentRepair[] = document.errors.map((error) => {
    // The YAML begins on the line after the opening `---`.
    const line = (start?.line ?? 1) + (error.linePos?.[0].line ?? 0);
    const column = error.linePos?.[0].col ?? 1;
    const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { rule: 'front-matter', position: { start: { line, column }, end: { line, column: column + 1 } }, message: `this front matter is not YAML (${reason}): no format prints it, and its title is not used; correct it` };
  });
  if (problems.length > 0) return problems;
  const data: unknown = document.toJS();
  const title = data && typeof data === 'object' && 'title' in data ? (data as { title: unknown }).title : undefined;
  const text = typeof title === 'string' || typeof title === 'number' ? String(title).trim() : '';
  const hasTitle = tree.children.some((child) => child.type === 'heading' && child.depth === 1);
  if (text && !hasTitle) {
    const heading: Heading = { type: 'heading', depth: 1, children: [{ type: 'text', value: text }], position: node.position, data: { frontMatter: true } };
    tree.children.splice(1, 0, heading);
  }
  return [];
}
