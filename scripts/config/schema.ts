import * as z from 'zod';
import { ruleIds } from '../check/rules/index.js';
import { formats, type Format } from '../render/formats.js';
import { pdfOptions } from '../render/pdf/format.js';
import { labelKeys } from './labels.js';

/** A path written in book.yaml: relative to the folder that holds it. */
const relativePath = z.string().min(1, 'expected a path relative to book.yaml');

const severity = z.enum(['error', 'warning', 'off']);

const author = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), role: z.string().min(1).optional() }),
]);

/**
 * The one schema of book.yaml: it validates the file and is the source of the TypeScript types.
 * Unknown keys are errors everywhere (`strictObject`).
 */
export const bookSchema = z.strictObject({
  title: z.string().min(1, 'expected the book title'),
  subtitle: z.string().min(1).optional(),
  author: z.union([author, z.array(author)]).optional(),
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/, 'expected a BCP 47 language tag such as "en" or "pt-BR"')
    .default('en'),
  identifier: z.string().min(1).optional(),
  publisher: z.string().min(1).optional(),
  date: z
    .union([z.string(), z.number().int()])
    .transform(String)
    .pipe(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected a date such as 2024-05-01'))
    .optional(),
  rights: z.string().min(1).optional(),
  description: z.string().min(1).optional(),
  subjects: z.array(z.string().min(1)).optional(),
  cover: relativePath.optional(),
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'expected a file name of letters, digits, ".", "_" and "-"')
    .optional(),
  chapters: z.array(relativePath).min(1, 'expected at least one chapter'),
  /** Where the book's repository is published: links to its files that are not chapters go there. */
  repository: z
    .strictObject({
      url: z
        .string()
        .regex(
          /^https?:\/\/[^\s/]+(\/\S*)?$/,
          'expected the repository\'s web address, such as "https://github.com/owner/name"',
        ),
      branch: z.string().min(1).default('main'),
    })
    .optional(),
  /** The writing direction; by default the language's own (Arabic, Hebrew, Persian, Urdu, … are rtl). */
  direction: z.enum(['ltr', 'rtl']).optional(),
  /** The words of the interface (Contents, Search, Next, …), where the book's language's own are not right. */
  labels: z
    .partialRecord(z.enum(labelKeys, { error: () => `expected a label: ${labelKeys.join(', ')}` }), z.string().min(1))
    .optional(),
  templates: relativePath.optional(),
  toc: z
    .strictObject({
      depth: z.number().int().min(1).max(6).default(3),
      /** A list of the numbered figures after the contents (book/figures.ts). */
      figures: z.boolean().default(false),
    })
    .default({ depth: 3, figures: false }),
  /** The formats that `build` makes without `--format` (by default, those of the registry that say so). */
  formats: z
    .array(z.enum(formats as [Format, ...Format[]], { error: () => `expected a format: ${formats.join(', ')}` }))
    .min(1, `expected at least one format: ${formats.join(', ')}`)
    .optional(),
  // Each format's own section.
  pdf: pdfOptions,
  accessibility: z
    .strictObject({
      summary: z.string().min(1).optional(),
      features: z
        .array(
          z.string().regex(/^[a-zA-Z]+$/, 'expected schema.org accessibilityFeature values such as "alternativeText"'),
        )
        .optional(),
      hazards: z
        .array(
          z
            .string()
            .regex(/^[a-zA-Z]+$/, 'expected schema.org accessibilityHazard values such as "none" or "flashing"'),
        )
        .optional(),
      modes: z
        .array(z.enum(['textual', 'visual', 'auditory', 'tactile']))
        .min(1)
        .optional(),
    })
    .optional(),
  check: z
    .strictObject({
      rules: z
        .partialRecord(
          z.enum(ruleIds as [string, ...string[]], { error: () => `expected a rule id: ${ruleIds.join(', ')}` }),
          severity,
        )
        .default({}),
      'parse-timeout': z.number().positive('expected a number of seconds').optional(),
    })
    .default({ rules: {} }),
});

/** book.yaml as written, after validation. */
export type BookYaml = z.output<typeof bookSchema>;
