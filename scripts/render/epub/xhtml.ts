import type { Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { htmlVoidElements } from 'html-void-elements';
import type { Element as XmlElement, Root as XmlRoot } from 'xast';
import { toXml } from 'xast-util-to-xml';

/** An XML attribute name: an NCName, or a prefixed one (`xml:lang`, `epub:type`). */
const xmlName = /^([A-Za-z_][-.\w]*:)?[A-Za-z_][-.\w]*$/;

/** HTML's void elements: the only ones written as `<x/>`; an empty `<ol>` stays `<ol></ol>`. */
const voids = new Set(htmlVoidElements);

/**
 * Serializes an HTML tree as XHTML, as EPUB requires. hast-util-to-html is not XML (boolean
 * attributes stay bare even with `closeSelfClosing`), so the tree goes through xast, which is
 * made anew (the HTML tree is left as it is) and then adjusted: the `<html>` element gets
 * `xml:lang` and the `epub:` and `xlink:` namespaces.
 */
export function toXhtml(tree: Root, lang: string): string {
  const xast = toXast(tree) as XmlRoot;
  const adjust = (element: XmlElement): void => {
    // `xlink:`, which raw SVG and MathML use without declaring it (as HTML allows), is bound for the whole page.
    if (element.name === 'html') {
      Object.assign(element.attributes, {
        'xml:lang': lang,
        'xmlns:epub': 'http://www.idpf.org/2007/ops',
        'xmlns:xlink': 'http://www.w3.org/1999/xlink',
      });
    }
    if (element.children.length === 0 && !voids.has(element.name)) element.children.push({ type: 'text', value: '' });
    // An attribute whose name is not an XML name would make the whole file unreadable (RSC-016).
    for (const name of Object.keys(element.attributes)) {
      if (!xmlName.test(name)) delete element.attributes[name];
      // A prefix must be bound, or the file is unreadable too: an unknown prefix goes.
      const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : undefined;
      if (prefix && !['xml', 'xmlns', 'epub', 'xlink'].includes(prefix)) delete element.attributes[name];
    }
    for (const child of element.children) if (child.type === 'element') adjust(child);
  };
  for (const child of xast.children) if (child.type === 'element') adjust(child);
  // XML forbids "]]>" in text; xast-util-to-xml escapes only "<" and "&". Escaping ">" is safe anywhere.
  const xml = toXml(xast, { closeEmptyElements: true }).replaceAll(']]>', ']]&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}
