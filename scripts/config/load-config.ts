import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Position } from 'unist';
import { VFile } from 'vfile';
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { z } from 'zod';
import { leadingCharacters } from '../book/ids.js';
import { imageTypes, isEmbeddable, misnamedReason, sniffImageType } from '../book/media-types.js';
import { ExitCode, report, StopError } from '../problems.js';
import { toolRoot } from '../tool-root.js';
import { labelsFor, type Labels } from './labels.js';
import { bookSchema, type BookYaml } from './schema.js';

/** One person named in book.yaml's `author`. */
export interface Author {
  readonly name: string;
  readonly role?: string;
}

/** A chapter path from book.yaml, resolved, with where book.yaml names it. */
export interface ChapterEntry {
  readonly path: string;
  /** The path as book.yaml writes it, for messages. */
  readonly written: string;
  readonly position: Position | undefined;
}

/** book.yaml resolved: defaults applied, paths absolute, frozen. Nothing after loading sees raw YAML. */
export interface BookConfig extends Omit<
  BookYaml,
  'author' | 'chapters' | 'cover' | 'templates' | 'slug' | 'check' | 'direction' | 'labels'
> {
  /** The folder that holds book.yaml: every path of the book stays inside it. */
  readonly root: string;
  readonly file: VFile;
  readonly authors: readonly Author[];
  readonly chapters: readonly ChapterEntry[];
  readonly cover: string | undefined;
  /** The templates folder: the book's own, or the tool's. */
  readonly templates: string;
  readonly slug: string;
  readonly rules: Readonly<Partial<Record<string, 'error' | 'warning' | 'off'>>>;
  /** book.yaml's `check.parse-timeout`: seconds each chapter's parse may take (else they grow with its size). */
  readonly parseTimeout: number | undefined;
  /** The writing direction: book.yaml's `direction`, else the language's own. */
  readonly direction: 'ltr' | 'rtl';
  /** The interface's words in the book's language, with book.yaml's `labels` over them. */
  readonly labels: Labels;
}

/**
 * Reads, validates and resolves book.yaml. Problems with the file are positioned messages on it;
 * any of them stops with exit code 2.
 */
export function loadConfig(configPath: string): BookConfig {
  const absolute = path.resolve(configPath);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw new StopError(`${configPath}: no book.yaml there; pass the book's file with --config <path>`, ExitCode.usage);
  }
  const file = new VFile({ path: absolute, value: readFileSync(absolute, 'utf8') });
  const lines = new LineCounter();
  const doc = parseDocument(String(file.value), { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (range: readonly number[] | null | undefined): Position | undefined => rangeToPosition(lines, range);

  for (const error of doc.errors) {
    report(
      file,
      `${firstLine(error.message)}; fix the YAML syntax`,
      at(error.pos),
      'yaml-syntax',
      'error',
      'book.yaml',
    );
  }
  if (doc.errors.length > 0) throw new StopError('book.yaml is not valid YAML', ExitCode.usage, [file]);

  const parsed = bookSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(file, doc, issue, at);
    throw new StopError('book.yaml has errors', ExitCode.usage, [file]);
  }
  const config = resolve(parsed.data, file, doc, at);
  const errors = file.messages.some((message) => message.fatal);
  if (errors) throw new StopError('book.yaml has errors', ExitCode.usage, [file]);
  return config;
}

/** Where a key of book.yaml was written, and how to report a problem there. */
interface YamlPlace {
  readonly file: VFile;
  readonly doc: Document;
  readonly at: (range: readonly number[] | null | undefined) => Position | undefined;
}

function resolve(
  yaml: BookYaml,
  file: VFile,
  doc: Document,
  at: (range: readonly number[] | null | undefined) => Position | undefined,
): BookConfig {
  const root = path.dirname(file.path);
  const place = { file, doc, at };
  const chapters = yaml.chapters.map((chapter, index) => {
    const node = doc.getIn(['chapters', index], true);
    return {
      path: inside(root, chapter, ['chapters', index], place),
      written: chapter,
      position: at(isNode(node) ? node.range : undefined),
    };
  });
  const authors = (Array.isArray(yaml.author) ? yaml.author : yaml.author ? [yaml.author] : []).map((a) =>
    typeof a === 'string' ? { name: a } : a,
  );
  const { author: _author, chapters: _chapters, check, ...rest } = yaml;
  return Object.freeze({
    ...rest,
    root,
    file,
    authors,
    chapters,
    cover:
      yaml.cover === undefined ? undefined : coverImage(yaml.cover, inside(root, yaml.cover, ['cover'], place), place),
    templates:
      yaml.templates === undefined
        ? path.join(toolRoot(), 'templates')
        : inside(root, yaml.templates, ['templates'], place),
    slug: yaml.slug ?? slugOfTitle(yaml.title),
    rules: check.rules,
    parseTimeout: check['parse-timeout'],
    direction: yaml.direction ?? textDirection(yaml.language),
    labels: interfaceLabels(yaml, file, doc, at),
  });
}

/** A path of book.yaml made absolute; one outside the book's folder is an error at its key (`keyPath`). */
function inside(root: string, value: string, keyPath: (string | number)[], { file, doc, at }: YamlPlace): string {
  const absolute = path.resolve(root, value);
  const relative = path.relative(root, absolute);
  if (path.isAbsolute(value) || relative.startsWith('..') || path.isAbsolute(relative)) {
    const node = doc.getIn(keyPath, true);
    report(
      file,
      `"${value}" is outside the book's folder; keep it inside the folder of book.yaml`,
      at(isNode(node) ? node.range : undefined),
      'config',
      'error',
      'book.yaml',
    );
  }
  return absolute;
}

/** The cover image (`written` in book.yaml, at `absolute`): an error if it is missing or not an image. */
function coverImage(written: string, absolute: string, { file, doc, at }: YamlPlace): string {
  const node = doc.get('cover', true);
  const where = at(isNode(node) ? node.range : undefined);
  const fail = (reason: string): void => report(file, reason, where, 'config', 'error', 'book.yaml');
  if (!statSync(absolute, { throwIfNoEntry: false })?.isFile()) {
    fail(`cover "${written}" does not exist; fix the path or remove "cover"`);
    return absolute;
  }
  const type = sniffImageType(readFileSync(absolute));
  const named = imageTypes[path.extname(absolute).toLowerCase()];
  if (!isEmbeddable(type)) fail(`cover "${written}" is not a PNG, JPEG, GIF, SVG or WebP image`);
  else if (type !== named)
    report(file, misnamedReason(`cover "${written}"`, type, named), where, 'config', 'warning', 'book.yaml');
  return absolute;
}

/** The interface's words; a language without its own falls back to English, with one warning at `language`. */
function interfaceLabels(
  yaml: BookYaml,
  file: VFile,
  doc: Document,
  at: (range: readonly number[] | null | undefined) => Position | undefined,
): Labels {
  const { labels, known } = labelsFor(yaml.language, yaml.labels);
  if (!known) {
    const node = doc.get('language', true);
    const where = at(isNode(node) ? node.range : undefined);
    const reason =
      `the interface's words (Contents, Search, …) are not translated into "${yaml.language}", ` +
      `so they are in English; give them in book.yaml's labels`;
    report(file, reason, where, 'config', 'warning', 'book.yaml');
  }
  return labels;
}

/** Maps one schema issue back to the place in book.yaml that it is about. */
function reportIssue(
  file: VFile,
  doc: Document,
  issue: z.core.$ZodIssue,
  at: (range: readonly number[] | null | undefined) => Position | undefined,
): void {
  const keyPath = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const name = keyPath.length > 0 ? keyPath.join('.') : 'book.yaml';
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      const known = knownKeys(keyPath);
      report(
        file,
        `unknown key "${[...keyPath, key].join('.')}"; the keys here are: ${known}`,
        at(keyRange(doc, keyPath, key)),
        'config',
        'error',
        'book.yaml',
      );
    }
    return;
  }
  const node = doc.getIn(keyPath, true);
  let position = at(isNode(node) ? node.range : undefined);
  if (!position && keyPath.length > 0) position = at(keyRange(doc, keyPath.slice(0, -1), keyPath[keyPath.length - 1]!));
  const reason =
    issue.code === 'invalid_type' && node === undefined ? `"${name}" is required` : `"${name}": ${issue.message}`;
  report(file, reason, position, 'config', 'error', 'book.yaml');
}

function keyRange(doc: Document, parentPath: (string | number)[], key: string | number): readonly number[] | undefined {
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  if (!isMap(parent)) return undefined;
  for (const item of parent.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key) return (item.key as YamlNode).range ?? undefined;
  }
  return undefined;
}

function knownKeys(keyPath: (string | number)[]): string {
  let schema: unknown = bookSchema;
  for (const key of keyPath) {
    const next = unwrap(schema, 'shape')?.shape?.[String(key)];
    if (!next) return '';
    schema = next;
  }
  const object = unwrap(schema, 'shape');
  if (object?.shape) return Object.keys(object.shape).join(', ');
  // A record with enumerated keys (check.rules): its keys are the enum's options.
  return unwrap(schema, 'keyType')?.def?.keyType?.options?.join(', ') ?? '';
}

type SchemaLike = {
  shape?: Record<string, unknown>;
  def?: { innerType?: unknown; in?: unknown; keyType?: { options?: string[] } };
};

/** Looks through zod's default/pipe wrappers for the schema that has `field`. */
function unwrap(schema: unknown, field: 'shape' | 'keyType'): SchemaLike | undefined {
  let current = schema as SchemaLike | undefined;
  for (let i = 0; i < 5 && current; i++) {
    if (field === 'shape' ? current.shape : current.def?.keyType) return current;
    current = (current.def?.innerType ?? current.def?.in) as SchemaLike | undefined;
  }
  return undefined;
}

function rangeToPosition(lines: LineCounter, range: readonly number[] | null | undefined): Position | undefined {
  if (!range || range[0] === undefined) return undefined;
  const start = lines.linePos(range[0]);
  const end = lines.linePos(range[1] ?? range[0]);
  return { start: { line: start.line, column: start.col }, end: { line: end.line, column: end.col } };
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? text;
}

/**
 * The output file name when book.yaml gives no `slug`: the title in lower case with dashes, its
 * letters and digits kept in any script (`学习-python-编程`), accents dropped from Latin ones.
 */
export function slugOfTitle(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/(?<=\p{Script=Latin})\p{M}+/gu, '')
    .normalize('NFC')
    .toLowerCase()
    // Only letters, marks and digits stay: no character that a file system, a zip or a URL reserves.
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const short = leadingCharacters(slug, 120, (text) => Buffer.byteLength(text)).replace(/-+$/, '');
  // Windows reserves these device names, whatever the extension.
  return /^(?:con|prn|aux|nul|com\d|lpt\d)$/.test(short) ? `${short}-book` : short || 'book';
}

/** A language's writing direction, from the Unicode CLDR data in the JavaScript engine's ICU. */
function textDirection(language: string): 'ltr' | 'rtl' {
  try {
    type TextInfo = { direction?: string };
    const locale = new Intl.Locale(language) as Intl.Locale & { textInfo?: TextInfo; getTextInfo?: () => TextInfo };
    return (locale.getTextInfo?.() ?? locale.textInfo)?.direction === 'rtl' ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}
