import type { Element, Root } from 'hast';
import { s } from 'hastscript';
import { visit } from 'unist-util-visit';
import { alertClass, alertKinds, type AlertKind } from '../book/syntax/alerts.js';
import type { LabelKey, Labels } from '../config/labels.js';

/** GitHub's own icon of each kind of alert (Primer's Octicons, as GitHub draws them). */
const icons: Readonly<Record<AlertKind, 'info' | 'light-bulb' | 'report' | 'alert' | 'stop'>> = {
  note: 'info',
  tip: 'light-bulb',
  important: 'report',
  warning: 'alert',
  caution: 'stop',
};
const titles: Readonly<Record<AlertKind, LabelKey>> = {
  note: 'alertNote',
  tip: 'alertTip',
  important: 'alertImportant',
  warning: 'alertWarning',
  caution: 'alertCaution',
};

/**
 * Gives every alert (marked by the parse, syntax/alerts.ts) its title in the book's language and
 * its icon, as inline SVG that takes the title's colour: a font's glyph could be missing where the
 * book is read. The alert is a `note` for assistive technology, named by its title. Octicons are
 * loaded only for a book that has an alert.
 */
export async function titleAlerts(trees: readonly Root[], labels: Labels): Promise<void> {
  const alerts: { element: Element; kind: AlertKind }[] = [];
  for (const tree of trees) {
    visit(tree, 'element', (element) => {
      const classes = element.properties.className;
      if (element.tagName !== 'div' || !Array.isArray(classes) || !classes.includes(alertClass)) return;
      const kind = alertKinds.find((k) => classes.includes(`${alertClass}-${k}`));
      if (kind) alerts.push({ element, kind });
    });
  }
  if (alerts.length === 0) return;
  const octicons = (await import('@primer/octicons')).default;
  for (const { element, kind } of alerts) {
    const icon = octicons[icons[kind]];
    const d = /\bd="([^"]+)"/.exec(icon.heights[16]?.path ?? '')?.[1] ?? '';
    const svg = s(
      'svg',
      { className: ['octicon'], viewBox: '0 0 16 16', width: 16, height: 16, ariaHidden: 'true', fill: 'currentColor' },
      [s('path', { d })],
    );
    const title = labels[titles[kind]];
    element.properties.role = 'note';
    element.properties.ariaLabel = title;
    element.children.unshift({
      type: 'element',
      tagName: 'p',
      properties: { className: [`${alertClass}-title`] },
      children: [svg, { type: 'text', value: title }],
    });
  }
}
