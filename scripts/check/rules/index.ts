import type { Rule } from '../rule.js';
import { brokenLink } from './broken-link.js';
import { diagram } from './diagram.js';
import { duplicateHeading } from './duplicate-heading.js';
import { duplicateId } from './duplicate-id.js';
import { emptyHeading } from './empty-heading.js';
import { emptySection } from './empty-section.js';
import { encoding } from './encoding.js';
import { frontMatter } from './front-matter.js';
import { headingIncrement } from './heading-increment.js';
import { headingNumbering } from './heading-numbering.js';
import { headingPunctuation } from './heading-punctuation.js';
import { headingWhitespace } from './heading-whitespace.js';
import { imageAlt } from './image-alt.js';
import { imageFormat } from './image-format.js';
import { math } from './math.js';
import { missingImage } from './missing-image.js';
import { nestingDepth } from './nesting-depth.js';
import { nonChapterLink } from './non-chapter-link.js';
import { parseTime } from './parse-time.js';
import { phrasingDepth } from './phrasing-depth.js';
import { rawHtml } from './raw-html.js';
import { remoteResource } from './remote-resource.js';
import { singleH1 } from './single-h1.js';
import { tocMarker } from './toc-marker.js';
import { unclosedHtml } from './unclosed-html.js';
import { unsafePath } from './unsafe-path.js';

/** Every rule of the checker, in the order their messages are reported: errors first, then warnings. */
export const rules: readonly Rule[] = [
  encoding,
  nestingDepth,
  parseTime,
  headingIncrement,
  singleH1,
  emptyHeading,
  duplicateId,
  brokenLink,
  missingImage,
  unsafePath,
  unclosedHtml,
  phrasingDepth,
  math,
  diagram,
  frontMatter,
  headingWhitespace,
  headingPunctuation,
  headingNumbering,
  duplicateHeading,
  emptySection,
  imageAlt,
  nonChapterLink,
  remoteResource,
  imageFormat,
  rawHtml,
  tocMarker,
];

/** The ids book.yaml's `check.rules` may name. */
export const ruleIds: readonly string[] = rules.map((rule) => rule.id);
