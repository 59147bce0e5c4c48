import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of this tool's package.json: its default templates live beside it. */
export function toolRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'templates', 'page.html'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("The tool's templates folder is missing: reinstall the tool");
    dir = parent;
  }
  return dir;
}
