import type { Rule } from '../rule.js';
import { encoding } from './encoding.js';
import { headingIncrement } from './heading-increment.js';
import { missingImage } from './missing-image.js';
import { singleH1 } from './single-h1.js';
import { unsafePath } from './unsafe-path.js';

/** Every rule of the checker, in the order their messages are reported. */
export const rules: readonly Rule[] = [encoding, headingIncrement, singleH1, missingImage, unsafePath];

/** The ids book.yaml's `check.rules` may name. */
export const ruleIds: readonly string[] = rules.map((rule) => rule.id);
