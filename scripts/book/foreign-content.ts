import { createRequire } from 'node:module';
import type { Element, ElementContent } from 'hast';
import { toString } from 'hast-util-to-string';
import { mathmlTagNames } from 'mathml-tag-names';
import { find, html, svg } from 'property-information';

// SVG and MathML in raw HTML, as EPUB 3 takes them: SVG 1.1 and MathML 3 (presentation), with
// the schemas EPUBCheck checks them against. Each repair keeps the words and says what it did.

/** One repair, at the element it concerns; `ancestors` lead from the `<svg>` or `<math>` to it. */
export type ForeignReport = (element: Element, ancestors: readonly Element[], message: string) => void;

interface SvgElementData {
  readonly attrsGroups?: ReadonlySet<string>;
  readonly attrs?: ReadonlySet<string>;
  readonly contentGroups?: ReadonlySet<string>;
  readonly content?: ReadonlySet<string>;
}
interface SvgCollections {
  readonly elems: Readonly<Record<string, SvgElementData>>;
  readonly elemsGroups: Readonly<Record<string, ReadonlySet<string>>>;
  readonly attrsGroups: Readonly<Record<string, ReadonlySet<string>>>;
}

let collections: SvgCollections | undefined;
/**
 * SVG 1.1's elements, their attributes and permitted content, as SVGO keeps them (its exported
 * `_collections`), loaded only for a chapter that has raw SVG.
 */
function svgData(): SvgCollections {
  collections ??= (createRequire(import.meta.url)('svgo') as { _collections: SvgCollections })._collections;
  return collections;
}

/**
 * SVG elements that no browser draws: SVG 1.1's fonts and alternate glyphs, which SVG 2 removed
 * (EPUB's schema also asks a `<font-face>` before any other part of a font), and the hatches,
 * meshes and solid colours of SVG 2's drafts, which EPUB's SVG 1.1 does not have. They give way
 * to their content.
 */
const notDrawn =
  /^(font|font-face.*|glyph|missing-glyph|hkern|vkern|altGlyph.*|glyphRef|hatch|hatchPath|mesh.*|solidColor)$/;

/**
 * What SVG 1.1 requires of an element (its DTD's required attributes, as EPUB's schema has them):
 * without it the element draws nothing, and EPUBCheck rejects it.
 */
const svgRequired: Readonly<Record<string, readonly string[]>> = {
  animate: ['attributeName'],
  animateColor: ['attributeName'],
  animateTransform: ['attributeName'],
  set: ['attributeName'],
  circle: ['r'],
  ellipse: ['rx', 'ry'],
  rect: ['width', 'height'],
  image: ['width', 'height'],
  path: ['d'],
  polygon: ['points'],
  polyline: ['points'],
  stop: ['offset'],
  'color-profile': ['name'],
  feBlend: ['in2'],
  feComposite: ['in2'],
  feDisplacementMap: ['in2'],
  feConvolveMatrix: ['order', 'kernelMatrix'],
  feFuncA: ['type'],
  feFuncB: ['type'],
  feFuncG: ['type'],
  feFuncR: ['type'],
};
/** Lighting filters take their light from one light source element. */
const svgRequiredContent: Readonly<Record<string, string>> = {
  feDiffuseLighting: 'lightSource',
  feSpecularLighting: 'lightSource',
};

/** SVG 1.1's attributes whose values are a closed set, as EPUB's schema checks them. */
const svgValues: Readonly<Record<string, RegExp>> = {
  zoomAndPan: /^(disable|magnify)$/,
  externalResourcesRequired: /^(true|false)$/,
  'xml:space': /^(default|preserve)$/,
  preserveAspectRatio: /^\s*(defer\s+)?(none|x(Min|Mid|Max)Y(Min|Mid|Max))(\s+(meet|slice))?\s*$/,
};

/** Attributes that every element keeps: namespace declarations, data, ARIA. */
const always = /^(xmlns(:|$)|data-|aria-|role$)/;

/** A function of an element's name, worked out once per name. */
function perName(work: (name: string) => ReadonlySet<string>): (name: string) => ReadonlySet<string> {
  const cache = new Map<string, ReadonlySet<string>>();
  return (name) => {
    if (!cache.has(name)) cache.set(name, work(name));
    return cache.get(name)!;
  };
}

/** Names of the element's own, and those of the groups it names in SVGO's table of groups. */
const union = (
  own: Iterable<string>,
  groups: Iterable<string>,
  table: Readonly<Record<string, ReadonlySet<string>>>,
): ReadonlySet<string> => new Set([...own, ...[...groups].flatMap((group) => [...(table[group] ?? [])])]);

const svgContent = perName((name) => {
  const element = svgData().elems[name];
  return union(element?.content ?? [], element?.contentGroups ?? [], svgData().elemsGroups);
});
const svgAttributes = perName((name) => {
  const element = svgData().elems[name];
  return union(element?.attrs ?? [], element?.attrsGroups ?? [], svgData().attrsGroups);
});

/**
 * MathML 3's presentation attributes, from EPUB's schema for MathML (mathml3-presentation and
 * mathml3-common); no package lists them. Attributes of another namespace (`xlink:href`) stay.
 */
const mathAttributes = new Set(
  (
    'accent accentunder actiontype align alignmentscope alt altimg altimg-height ' +
    'altimg-valign altimg-width alttext background bevelled ' +
    ('charalign charspacing class close color columnalign columnlines columnspacing ' +
      'columnspan columnwidth crossout decimalpoint ') +
    ('denomalign depth dir display displaystyle edge equalcolumns equalrows ' +
      'fence fontfamily fontsize fontstyle fontweight form frame ') +
    ('framespacing groupalign height href id indentalign indentalignfirst indentalignlast ' +
      'indentshift indentshiftfirst indentshiftlast ') +
    ('indenttarget index infixlinebreakstyle largeop leftoverhang length linebreak ' +
      'linebreakmultchar linebreakstyle lineleading ') +
    ('linethickness location longdivstyle lquote lspace macros mathbackground ' +
      'mathcolor mathsize mathvariant maxsize maxwidth ') +
    ('mediummathspace minlabelspacing minsize mode movablelimits mslinethickness ' +
      'notation numalign open other overflow position ') +
    ('rightoverhang rowalign rowlines rowspacing rowspan rquote rspace scriptlevel ' +
      'scriptminsize scriptsizemultiplier selection ') +
    ('separator separators shift side stackalign stretchy style subscriptshift ' +
      'superscriptshift symmetric thickmathspace thinmathspace ') +
    'valign verythickmathspace verythinmathspace veryverythickmathspace veryverythinmathspace voffset width xref'
  ).split(' '),
);
/** Attributes MathML 3 gives only to annotations and their `<semantics>`. */
const annotationAttributes: Readonly<Record<string, readonly string[]>> = {
  semantics: ['definitionURL', 'encoding', 'cd', 'name', 'src'],
  annotation: ['definitionURL', 'encoding', 'cd', 'name', 'src'],
  'annotation-xml': ['definitionURL', 'encoding', 'cd', 'name', 'src'],
};
/** The encodings EPUB's schema lets an `<annotation-xml>` name. */
const annotationEncodings = new Set([
  'MathML',
  'MathML-Content',
  'MathML-Presentation',
  'SVG1.1',
  'application/mathml-content+xml',
  'application/mathml-presentation+xml',
  'application/xhtml+xml',
  'text/html',
]);
/** MathML elements that stand only inside another: annotations after the first child of a `<semantics>`. */
const mathParents: Readonly<Record<string, string>> = { annotation: 'semantics', 'annotation-xml': 'semantics' };
const mathElements = new Set(mathmlTagNames);

/**
 * SVG and MathML elements that hold text: elsewhere in `<svg>` or `<math>` text is not shown,
 * and EPUB's schemas for them forbid it.
 */
const foreignText = new Set([
  ...'text tspan textPath tref altGlyph title desc metadata style script a foreignObject'.split(' '),
  ...'mi mo mn ms mtext annotation annotation-xml'.split(' '),
]);

/**
 * SVG and MathML elements that hold text, where the HTML parser reads HTML again: EPUB allows
 * only text there (SVG 1.1's `<title>` and `<desc>`, MathML 3's token elements).
 */
const textOnly = new Set(['title', 'desc', 'mi', 'mo', 'mn', 'ms', 'mtext']);

/**
 * Makes an `<svg>` or `<math>` follow its vocabulary as EPUB takes it: an element that is not of
 * it, that stands where its parent does not permit it, or that lacks what it requires gives way
 * to its content; attributes it does not have, or with a value outside its set, go; HTML inside
 * an element that holds only text gives way to its text. Returns the words that stood where they
 * are not shown, taken out, for the caller to put after it.
 */
export function repairForeign(root: Element, report: ForeignReport): string[] {
  const isSvg = root.tagName === 'svg';
  const walk = (element: Element, ancestors: readonly Element[]): void => {
    cleanAttributes(element, ancestors, isSvg, report);
    // Its HTML is the transform's to drop: it shows no words of SVG's.
    if (element.tagName === 'foreignObject') return;
    const within = [...ancestors, element];
    const fix = (children: ElementContent[]): ElementContent[] =>
      children.flatMap((child, index) => {
        if (child.type !== 'element') return [child];
        walk(child, within);
        const first = !children.slice(0, index).some((before) => before.type === 'element');
        const why = isSvg ? svgMisplaced(child, element) : mathMisplaced(child, element, first);
        if (!why) return [child];
        const kept = toString(child).trim() !== '' ? 'keeps its content without the tag' : 'leaves it out';
        const how = why.startsWith('is not')
          ? `close the <${root.tagName}> before it, or remove it`
          : 'fix or remove it';
        report(child, within, `<${child.tagName}> ${why}, so every output ${kept}; ${how}`);
        // Its content stands here now, and is checked here: the HTML of a `<foreignObject>` too.
        return fix(child.children);
      });
    element.children = fix(element.children);
  };
  walk(root, []);
  return takeOutStray(root, report);
}

function takeOutStray(root: Element, report: ForeignReport): string[] {
  const stray: string[] = [];
  const takeOut = (element: Element, ancestors: readonly Element[]): void => {
    if (textOnly.has(element.tagName) && element.children.some((child) => child.type === 'element')) {
      report(
        element,
        ancestors,
        `<${element.tagName}> in <${root.tagName}> holds only text, so every output ` +
          `keeps the text of the HTML in it without its tags`,
      );
      element.children = [{ type: 'text', value: toString(element) }];
    }
    if (foreignText.has(element.tagName)) return;
    element.children = element.children.filter((child) => {
      if (child.type === 'element') takeOut(child, [...ancestors, element]);
      if (child.type !== 'text' || child.value.trim() === '') return true;
      stray.push(child.value.trim());
      return false;
    });
  };
  takeOut(root, []);
  return stray;
}

function svgMisplaced(child: Element, parent: Element): string | undefined {
  const data = svgData();
  if (!data.elems[child.tagName]) return 'is not an SVG element';
  if (notDrawn.test(child.tagName)) return 'is an SVG element that browsers do not draw';
  if (!svgContent(parent.tagName).has(child.tagName)) return `may not stand inside <${parent.tagName}> in SVG`;
  const missing = (svgRequired[child.tagName] ?? []).filter(
    (name) => child.properties[find(svg, name).property] === undefined,
  );
  if (missing.length > 0) return `must have ${missing.join(' and ')} in SVG`;
  const source = svgRequiredContent[child.tagName];
  const sources = source ? data.elemsGroups[source] : undefined;
  if (sources && !child.children.some((c) => c.type === 'element' && sources.has(c.tagName)))
    return `must hold one of ${[...sources].map((s) => `<${s}>`).join(', ')}`;
  return undefined;
}

function mathMisplaced(child: Element, parent: Element, first: boolean): string | undefined {
  if (!mathElements.has(child.tagName)) return 'is not a MathML element';
  if (child.tagName === 'math' && parent.tagName !== 'annotation-xml') return 'may not stand inside another <math>';
  const only = mathParents[child.tagName];
  if (only && (parent.tagName !== only || first))
    return `stands in MathML only inside a <${only}>, after what it annotates`;
  return undefined;
}

function cleanAttributes(element: Element, ancestors: readonly Element[], isSvg: boolean, report: ForeignReport): void {
  const allowed = isSvg ? svgAttributes(element.tagName) : mathAttributes;
  const annotating = isSvg ? [] : (annotationAttributes[element.tagName] ?? []);
  for (const property of Object.keys(element.properties)) {
    const { attribute } = find(isSvg ? svg : html, property);
    const value = element.properties[property];
    const text = Array.isArray(value) ? value.join(' ') : String(value);
    let why: string | undefined;
    if (always.test(attribute)) continue;
    // MathML keeps attributes of other namespaces (`xlink:href`), but of XML's only xml:base.
    if (!isSvg && attribute.includes(':') && (!attribute.startsWith('xml:') || attribute === 'xml:base')) continue;
    if (!allowed.has(attribute) && !annotating.includes(attribute))
      why = `${attribute} is not an attribute of <${element.tagName}> in ${isSvg ? 'SVG' : 'MathML'}`;
    else if (isSvg && svgValues[attribute] && !svgValues[attribute]!.test(text))
      why = `${attribute}="${text}" is not one of the values SVG gives it`;
    else if (
      !isSvg &&
      attribute === 'encoding' &&
      element.tagName === 'annotation-xml' &&
      !annotationEncodings.has(text)
    )
      why = `encoding="${text}" is not an encoding EPUB knows`;
    if (!why) continue;
    delete element.properties[property];
    report(element, ancestors, `${why}, so every output drops it; remove it`);
  }
}
