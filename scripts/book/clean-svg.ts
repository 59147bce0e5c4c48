import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toXast } from 'hast-util-to-xast';
import { toXml } from 'xast-util-to-xml';

/** What an SVG image may not keep: it could run code where the image is opened on its own. */
const scriptElements = new Set(['script', 'foreignObject', 'iframe', 'handler', 'listener']);

/**
 * An SVG image without scripts: `<script>` (and `foreignObject`, which can carry HTML), `on…`
 * attributes and `javascript:` links are removed, and the rest is written back as XML. The
 * answer says whether anything was removed, for the checker to report.
 */
export function cleanSvg(text: string): { svg: string; removed: boolean } {
  const tree = fromHtml(text, { fragment: true, space: 'svg' });
  let removed = false;
  const clean = (parent: Root | Element): void => {
    parent.children = parent.children.filter((node) => {
      if (node.type === 'doctype') return false;
      if (node.type !== 'element') return true;
      if (scriptElements.has(node.tagName)) return !(removed = true);
      for (const [name, value] of Object.entries(node.properties)) {
        if (/^on/i.test(name) || (typeof value === 'string' && /^\s*(javascript|data:text\/html)/i.test(value))) {
          delete node.properties[name];
          removed = true;
        }
      }
      clean(node);
      return true;
    });
  };
  clean(tree);
  return { svg: `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(toXast(tree, { space: 'svg' }))}\n`, removed };
}
