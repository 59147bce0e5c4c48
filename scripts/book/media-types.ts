/** Image types that every output can embed, by file extension. */
export const imageTypes: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

/** The extension an embedded image is given when its own name says another type: the first that says it. */
const extensionOf: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(imageTypes)
    .reverse()
    .map(([extension, type]) => [type, extension]),
);

/** A byte pattern of the WHATWG MIME Sniffing standard: `mask` is applied before comparing. */
interface Pattern {
  readonly type: string;
  readonly bytes: readonly number[];
  readonly mask?: readonly number[];
}

const ascii = (text: string): number[] => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));

/**
 * The image type pattern matching algorithm's table (WHATWG MIME Sniffing, "Matching an image
 * type pattern"), with BMP and ICO only to name them in messages. A table of six signatures from
 * the standard is smaller than a general file-type library, which reads a hundred formats.
 */
const patterns: readonly Pattern[] = [
  { type: 'image/x-icon', bytes: [0, 0, 1, 0] },
  { type: 'image/x-icon', bytes: [0, 0, 2, 0] },
  { type: 'image/bmp', bytes: ascii('BM') },
  { type: 'image/gif', bytes: ascii('GIF87a') },
  { type: 'image/gif', bytes: ascii('GIF89a') },
  {
    type: 'image/webp',
    bytes: [...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBPVP')],
    mask: [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  },
  { type: 'image/png', bytes: [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/**
 * An image's media type read from its bytes, not its name: the WHATWG image patterns, then SVG
 * by its XML root element. Undefined when the bytes are none of them.
 */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const found = patterns.find(
    ({ bytes: signature, mask }) =>
      signature.length <= bytes.length &&
      signature.every((byte, i) => ((bytes[i] ?? 0) & (mask?.[i] ?? 0xff)) === byte),
  );
  if (found) return found.type;
  return isSvg(bytes) ? 'image/svg+xml' : undefined;
}

/** Whether a type read by `sniffImageType` is one the outputs embed. */
export function isEmbeddable(mediaType: string | undefined): mediaType is string {
  return mediaType !== undefined && mediaType in extensionOf;
}

/** A short name of a media type for messages: `PNG`, `JPEG`, `SVG`. */
export function typeName(mediaType: string): string {
  const names: Record<string, string> = { 'image/svg+xml': 'SVG', 'image/x-icon': 'ICO' };
  return names[mediaType] ?? mediaType.replace(/^image\//, '').toUpperCase();
}

/**
 * What a message says of an image whose name says another type than its bytes: `what` is how the
 * message names it (`image "x.jpeg"`), `renamed` the name to give it, if known.
 */
export function misnamedReason(
  what: string,
  mediaType: string,
  namedType: string | undefined,
  renamed?: string,
): string {
  const real = typeName(mediaType);
  const named = namedType ? typeName(namedType) : 'no image type';
  return (
    `${what} is in ${real} format, but its name says ${named}: the outputs ` +
    `use it as ${real}; rename it${renamed ? ` "${renamed}"` : ''}`
  );
}

/** The extension an image of `mediaType` keeps in the outputs: its own when it says that type, else the type's own. */
export function extensionFor(mediaType: string, ownExtension: string): string {
  const own = ownExtension.toLowerCase();
  return imageTypes[own] === mediaType ? own : (extensionOf[mediaType] ?? own);
}

/** XML's prolog before the root element: declaration, comments, processing instructions, doctype. */
const prolog = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)*/i;

/** An SVG document is XML whose root element is `svg` (with or without a namespace prefix). */
function isSvg(bytes: Uint8Array): boolean {
  // The prolog of any real SVG fits in its first kilobytes; the whole file need not be decoded.
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 8192)).replace(/^\uFEFF/, '');
  const rest = head.slice(prolog.exec(head)?.[0].length ?? 0);
  return /^<(?:[A-Za-z_][-.\w]*:)?svg[\s/>]/.test(rest);
}
