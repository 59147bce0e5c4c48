import type { Nodes, Parent, Root } from 'mdast';
import type { Extension } from 'mdast-util-from-markdown';
import type { Processor } from 'unified';
import type { ContentRepair } from '../content-model.js';

/** How deep emphasis, strong emphasis, strikethrough and links may nest inside each other. */
export const maxPhrasingDepth = 64;

const containers = new Set<Nodes['type']>(['emphasis', 'strong', 'delete', 'link', 'linkReference']);

declare module 'mdast' {
  interface RootData {
    /** Where phrasing nested deeper than `maxPhrasingDepth` was flattened. */
    phrasingTooDeep?: ContentRepair;
  }
}

/**
 * Flattens emphasis, strong emphasis, strikethrough and links nested deeper than
 * `maxPhrasingDepth`: their text stays, in order, without the marks past that depth.
 *
 * The parser matches `*a **a *a …` in linear time however deep it goes, but every later step
 * (GFM's autolinks, mdast to hast, HTML) walks the tree recursively and would overflow the stack
 * at some thousands of levels. This runs as the first of the tree's transforms, inside the parse,
 * before GFM's, and walks without recursion. Its finding goes on the root's data, for the
 * `phrasing-depth` rule.
 */
export function remarkPhrasingDepth(this: Processor): undefined {
  const data = this.data();
  const extension: Extension = { transforms: [flattenTooDeep] };
  data.fromMarkdownExtensions = [...(data.fromMarkdownExtensions ?? []), extension];
}

/** Flattens the phrasing nested past `limit` in `tree`, and notes the first place on the root's data. */
function flattenTooDeep(tree: Root, limit = maxPhrasingDepth): undefined {
  let first: { node: Nodes; depth: number } | undefined;
  const stack: { node: Parent; depth: number }[] = [{ node: tree, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth === limit) {
      const found = unwrapInside(node);
      const start = found?.node.position?.start.offset ?? Infinity;
      if (found && (!first || start < (first.node.position?.start.offset ?? Infinity)))
        first = { node: found.node, depth: limit + found.depth };
      continue;
    }
    for (const child of node.children) {
      if ('children' in child) stack.push({ node: child, depth: containers.has(child.type) ? depth + 1 : depth });
    }
  }
  if (!first) return;
  const start = first.node.position?.start;
  tree.data = {
    ...tree.data,
    phrasingTooDeep: {
      rule: 'phrasing-depth',
      position: start && { start, end: { ...start, column: start.column + 1 } },
      message:
        `emphasis, strikethrough and links nest ${first.depth} levels deep here, ` +
        `more than ${limit}: the text past level ${limit} is kept without its marks; ` +
        `nest them less`,
    },
  };
}

/**
 * Replaces the containers inside `parent` by their content, in order; the first one taken out and how deep they went.
 */
function unwrapInside(parent: Parent): { node: Nodes; depth: number } | undefined {
  const kept: Nodes[] = [];
  let first: Nodes | undefined;
  let deepest = 0;
  const work: { list: readonly Nodes[]; index: number }[] = [{ list: parent.children as Nodes[], index: 0 }];
  while (work.length > 0) {
    const top = work[work.length - 1]!;
    if (top.index === top.list.length) {
      work.pop();
      continue;
    }
    const child = top.list[top.index++]!;
    if (containers.has(child.type) && 'children' in child) {
      first ??= child;
      deepest = Math.max(deepest, work.length);
      work.push({ list: child.children as Nodes[], index: 0 });
    } else kept.push(child);
  }
  if (!first) return undefined;
  parent.children = kept as Parent['children'];
  return { node: first, depth: deepest };
}
