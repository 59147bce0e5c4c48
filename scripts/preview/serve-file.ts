import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { imageTypes } from '../book/media-types.js';

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  ...imageTypes,
};

/**
 * The file under `root` that a URL path names, or undefined: the path is decoded once, and any
 * `..` segment, backslash, NUL or encoded slash is refused before it is joined, so nothing outside
 * the HTML output is ever served. A folder is its index.html; there are no listings.
 */
export async function resolveUrlPath(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.') || /[\\\0]/.test(decoded)) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(`/${segments.join('/')}`)}`);
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const info = await stat(file).catch(() => undefined);
  if (info?.isFile()) return file;
  if (info?.isDirectory()) {
    const index = path.join(file, 'index.html');
    return (await stat(index).catch(() => undefined))?.isFile() ? index : undefined;
  }
  return undefined;
}

/** Sends a file, with `inject` put before `</body>` of HTML pages (the preview's reload script). */
export async function sendFile(response: ServerResponse, file: string, inject: string): Promise<void> {
  const type = types[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  let body: Buffer | string = await readFile(file);
  if (type.startsWith('text/html')) {
    const html = body.toString('utf8');
    const at = html.lastIndexOf('</body>');
    body = at === -1 ? html + inject : html.slice(0, at) + inject + html.slice(at);
  }
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(body);
}
