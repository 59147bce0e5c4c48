import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { bundleName, cacheName, libsBundleName, loadBundle, loadedScripts, sealCache } from './launch/bundle.js';
import { formatEntries } from './render/formats.js';

/**
 * `npm run compile`: the TypeScript into `.build/`, made anew each time.
 * - `cli.js`, the entry: a few lines that load the bundle (launch/).
 * - `book.cjs`, the tool in one CommonJS file. Modules that a command may not need (renderers,
 *   epub-gen-memory) stay behind `import()`, which esbuild turns into a call that runs them on
 *   first use, so `check` never starts a renderer. Identifiers are not shortened: module names
 *   stay readable in stack traces and in the test that checks this.
 * - `<format>-libs.cjs`, the packages that only one format uses (its registry entry's
 *   `libraries`), which `book.cjs` loads when that format is asked for: `pdf-libs.cjs`, Puppeteer
 *   and pdf-lib, is two thirds of the code, which the other commands neither read nor take from
 *   the cache; `docx-libs.cjs` is the docx package.
 * - `book.cjs.cache`, `pdf-libs.cjs.cache`, …: V8's code caches of each, taken after building
 *   a small sample book (the sampler fixture) in this process, so they hold the functions a
 *   build runs, compiled.
 */
const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, '.build');
const sample = path.join(root, 'tests', 'fixtures', 'sampler', 'book.yaml');

/**
 * epub-gen-memory validates its options with `ow` and fetches images and fonts with node-fetch:
 * loading those was a third of its start. Its package names lighter modules for both (its
 * `browser` field: no validation, the platform's `fetch`); they are used here too, as the
 * options are typed and every image is added by this tool, so nothing is ever fetched. Its HTML
 * clean-up is left out (see below).
 */
const epubGenLight: Plugin = {
  name: 'epub-gen-memory-light',
  setup(build) {
    build.onResolve({ filter: /^\.\/(predicates|fetchable|html-parse)$/ }, (args) => {
      if (!/epub-gen-memory[\\/]dist[\\/]lib[\\/]util$/.test(args.resolveDir)) return undefined;
      if (args.path === './html-parse') return { path: 'epub-gen-memory-html-parse', namespace: 'light' };
      const light = args.path === './predicates' ? 'predicates-nop.js' : 'fetchable-browser.js';
      return { path: path.join(args.resolveDir, light) };
    });
    // Chapters reach epub-gen-memory as finished XHTML (through its chapter template) with empty
    // `content`, so its clean-up of that content (htmlparser2, css-select, dom-serializer, a
    // tenth of a cold EPUB) has nothing to do; its browser module needs a DOM. Empty is all it gets.
    build.onLoad({ filter: /^epub-gen-memory-html-parse$/, namespace: 'light' }, () => ({
      contents:
        "exports.fixHTML = function (index, html) { if (html !== '') throw new " +
        "Error('epub-gen-memory was given chapter content: this bundle leaves its " +
        "HTML clean-up out'); return html; };",
      loader: 'js',
    }));
  },
};

/**
 * unist-util-visit-parents names a fresh function after every node it visits (for stack traces
 * while debugging), a tenth of a cold build's tree walks; the bundle leaves the naming out.
 */
const visitUnnamed: Plugin = {
  name: 'unist-util-visit-parents-unnamed',
  setup(build) {
    build.onLoad({ filter: /unist-util-visit-parents[\\/]lib[\\/]index\.js$/ }, (args) => {
      const code = readFileSync(args.path, 'utf8');
      const naming = /Object\.defineProperty\(visit, 'name', \{[^}]*\}\)/;
      if (!naming.test(code))
        throw new Error(`${args.path}: the naming to leave out is not there; update ${import.meta.filename}`);
      return { contents: code.replace(naming, ''), loader: 'js' };
    });
  },
};

/** Each package that only one format uses (its registry entry's `libraries`), with that format. */
const apart = new Map<string, string>(
  formatEntries.flatMap((entry) =>
    ('libraries' in entry ? entry.libraries : []).map((library) => [library, entry.name] as const),
  ),
);

/**
 * In the tool's bundle, a package that only one format uses is what that format's bundle of
 * libraries exports. Nothing else imports them, so no module is in two bundles (a copy in each
 * would run cold twice).
 */
const librariesApart: Plugin = {
  name: 'libraries-apart',
  setup(build) {
    const names = [...apart.keys()].map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({
      path: args.path,
      namespace: 'libraries-apart',
    }));
    const bundleModule = path.join(root, 'scripts', 'launch', 'bundle.ts');
    build.onLoad({ filter: /.*/, namespace: 'libraries-apart' }, (args) => ({
      contents: `const { loadScript, libsBundleName } = require(${JSON.stringify(bundleModule)});
const libs = loadScript(__dirname, libsBundleName(${JSON.stringify(apart.get(args.path))})).exports;
module.exports = libs[${JSON.stringify(args.path)}];`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/** A bundle: CommonJS for vm.Script, ASCII only. */
async function bundle(entry: string | { contents: string }, name: string, plugins: Plugin[]): Promise<void> {
  await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: 'ts' } }),
    outfile: path.join(out, name),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifyWhitespace: true,
    minifySyntax: true,
    // Puppeteer's own package is loaded only when its downloaded Chrome is there (render/pdf/browser.ts).
    // Temml and Octicons (a megabyte of icons, of which alerts use five) are required from
    // node_modules only by a book that has math or alerts: in the bundle, every command would read them.
    external: ['puppeteer', 'temml', '@primer/octicons', 'hyphen'],
    plugins: [epubGenLight, visitUnnamed, ...plugins],
    // A script run by vm.Script has no loader for import() (not without --experimental-vm-modules):
    // every import() that is left, of Node's modules or of a package, becomes a require().
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: 'var __import_meta_url=require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'warning',
  });
  asciiOnly(path.join(out, name));
}

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'scripts', 'launch', 'cli.ts')],
  outfile: path.join(out, 'cli.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  // package.json's `bin`: run as a command of its own once installed.
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync(path.join(out, 'cli.js'), 0o755);
await bundle(path.join(root, 'scripts', 'cli.ts'), bundleName, [librariesApart]);
// Each format's libraries, each started when first asked for (Puppeteer as the browser is reached, pdf-lib after).
for (const entry of formatEntries) {
  const libraries = 'libraries' in entry ? entry.libraries : [];
  if (libraries.length === 0) continue;
  const getters = libraries.map((name) => `get ${JSON.stringify(name)}() { return require(${JSON.stringify(name)}); }`);
  await bundle({ contents: `module.exports = { ${getters.join(', ')} };` }, libsBundleName(entry.name), []);
}

/**
 * esbuild leaves non-ASCII characters in regular expression literals (a rule's CJK punctuation,
 * Puppeteer's selectors); one such character makes V8 hold a whole bundle (megabytes) as a
 * two-byte string, read three times slower. Each becomes a `\\uXXXX` escape, which means the same there.
 */
function asciiOnly(file: string): void {
  const code = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

if (existsSync(sample)) {
  const run = loadBundle(out, { useCache: false });
  const temp = mkdtempSync(path.join(tmpdir(), 'book-compile-'));
  try {
    const dist = path.join(temp, 'out');
    // Cold, then warm (the parse cache's path), then the check command with its reporter; then the PDF.
    const runs = [
      ['build', '--format', 'html,epub', '--config', sample, '--out', dist, '--quiet'],
      ['build', '--format', 'html,epub', '--config', sample, '--out', dist, '--quiet'],
      ['check', '--config', sample, '--quiet'],
    ];
    // The sampler's own warnings are not news here: its output is shown only if a run fails.
    let said = '';
    const streams = [process.stdout, process.stderr];
    const writes = streams.map((stream) => stream.write.bind(stream));
    for (const stream of streams) stream.write = (chunk: string | Uint8Array) => ((said += String(chunk)), true);
    try {
      for (const argv of runs) {
        const code = await run(argv);
        if (code !== 0) throw new Error(`${argv.join(' ')} ended with ${code}:\n${said}`);
      }
      const docx = await run(['build', '--format', 'docx', '--config', sample, '--out', dist, '--quiet']);
      if (docx !== 0) throw new Error(`build --format docx ended with ${docx}:\n${said}`);
      // The PDF too where a browser is found (Puppeteer's and pdf-lib's code is then in the cache);
      // without one it fails, and the cache holds the rest.
      await run(['build', '--format', 'pdf', '--config', sample, '--out', dist, '--quiet']);
    } finally {
      streams.forEach((stream, i) => (stream.write = writes[i]!));
    }
    for (const [file, { script }] of loadedScripts)
      writeFileSync(cacheName(file), sealCache(script.createCachedData()));
  } catch (error) {
    process.stderr.write(`compile: no code cache (${(error as Error).message}); the tool works, its start is slower\n`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
