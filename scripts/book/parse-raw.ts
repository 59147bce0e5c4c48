import type { Nodes, Root } from 'hast';
import { raw } from 'hast-util-raw';
import { htmlVoidElements } from 'html-void-elements';
import type { VFile } from 'vfile';

/**
 * Raw HTML in a chapter becomes elements through hast-util-raw (rehype-raw's engine), which
 * re-parses the tree it is given through parse5: for a whole chapter, a third of a cold parse.
 * Only the run of top-level blocks from the first with raw HTML to the last is given to it when
 * that HTML closes every element it opens, so that nothing after the run could have ended up
 * inside it; the blocks around the run are left as they are, which is what parse5 would make of
 * them. When the HTML is not plainly balanced, the whole chapter is re-parsed, as rehype-raw does.
 */
export function parseRawHtml(tree: Root, file: VFile): Root {
  const first = tree.children.findIndex(hasRaw);
  if (first < 0) return tree;
  const last = tree.children.findLastIndex(hasRaw);
  const run: Root = { type: 'root', children: tree.children.slice(first, last + 1) };
  if (!closesWhatItOpens(rawValues(run))) return raw(tree, { file }) as Root;
  const parsed = raw(run, { file }) as Root;
  tree.children.splice(first, last + 1 - first, ...parsed.children);
  return tree;
}

function hasRaw(node: Nodes): boolean {
  return node.type === 'raw' || ('children' in node && node.children.some(hasRaw));
}

function rawValues(node: Nodes, into: string[] = []): string[] {
  if (node.type === 'raw') into.push(node.value);
  else if ('children' in node) for (const child of node.children) rawValues(child, into);
  return into;
}

const voidElements = new Set(htmlVoidElements);
/** Elements whose content parse5 does not read as tags, or that change how what follows is read. */
const specialElements =
  /^(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext|template|svg|math|frameset)$/;

/**
 * Whether the raw HTML, read in order, closes each element it opens, in order, and nothing else
 * (comments aside). Anything this simple reading cannot vouch for — an unclosed comment, CDATA,
 * a self-closed non-void element, elements with content of their own kind — counts as no.
 */
export function closesWhatItOpens(values: readonly string[]): boolean {
  const open: string[] = [];
  for (const value of values) {
    const withoutComments = value.replace(/<!--[\s\S]*?-->/g, '');
    if (/<!|<\?/.test(withoutComments)) return false;
    for (const [, end, name, selfClosed] of withoutComments.matchAll(/<(\/?)([A-Za-z][^\s/>]*)(?:\s[^>]*?)?(\/?)>/g)) {
      const tag = name!.toLowerCase();
      if (specialElements.test(tag)) return false;
      if (voidElements.has(tag)) continue;
      if (selfClosed) return false;
      if (!end) open.push(tag);
      else if (open.pop() !== tag) return false;
    }
  }
  return open.length === 0;
}
