import type { Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { visit } from 'unist-util-visit';
import { toXml } from 'xast-util-to-xml';

/** HTML's void elements: the only ones written as `<x/>`; an empty `<ol>` stays `<ol></ol>`. */
/** An XML attribute name: an NCName, or a prefixed one (`xml:lang`, `epub:type`). */
const xmlName = /^([A-Za-z_][-.\w]*:)?[A-Za-z_][-.\w]*$/;

const voids = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * Serializes an HTML tree as XHTML, as EPUB requires. hast-util-to-html is not XML (boolean
 * attributes stay bare even with `closeSelfClosing`), so the tree goes through xast. The `<html>`
 * element gets `xml:lang` and the `epub:` namespace.
 */
export function toXhtml(tree: Root, lang: string): string {
  const copy = structuredClone(tree);
  visit(copy, 'element', (element) => {
    if (element.tagName === 'html') {
      element.properties['xml:lang'] = lang;
      element.properties['xmlns:epub'] = 'http://www.idpf.org/2007/ops';
    }
    if (element.children.length === 0 && !voids.has(element.tagName)) element.children.push({ type: 'text', value: '' });
    // An attribute whose name is not an XML name would make the whole file unreadable (RSC-016).
    for (const name of Object.keys(element.properties)) {
      if (!xmlName.test(name) && !/^[a-z][a-zA-Z0-9]*$/.test(name)) delete element.properties[name];
    }
  });
  // XML forbids "]]>" in text; xast-util-to-xml escapes only "<" and "&". Escaping ">" is safe anywhere.
  const xml = toXml(toXast(copy), { closeEmptyElements: true }).replaceAll(']]>', ']]&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}
