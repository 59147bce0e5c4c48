import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg, initWasm } from '@resvg/resvg-wasm';

/**
 * PNG pictures of SVG images, which a DOCX carries beside each SVG for the programs that do not
 * read SVG in Word documents (Word 2013 and older, LibreOffice up to 7.x). resvg draws them, as
 * WebAssembly (no native build to install), with the system's sans-serif, serif and monospace
 * fonts as fontconfig names them, at twice the size shown.
 */
export interface SvgPictures {
  png(svg: Uint8Array, width: number, height: number): Uint8Array | undefined;
}

let started: Promise<void> | undefined;

export async function svgPictures(): Promise<SvgPictures> {
  // The .wasm file is read from the package in node_modules, beside the tool's bundle.
  started ??= initWasm(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')));
  await started;
  const fontBuffers = systemFonts().map((file) => readFileSync(file));
  return {
    png(svg, width) {
      try {
        const image = new Resvg(svg, {
          font: { fontBuffers, defaultFontFamily: 'sans-serif' },
          fitTo: { mode: 'width', value: Math.round(width * 2) },
        });
        const png = image.render().asPng();
        image.free();
        return png;
      } catch {
        // An SVG resvg cannot read: the DOCX keeps the blank stand-in.
        return undefined;
      }
    },
  };
}

/** The files of fontconfig's sans-serif, serif and monospace fonts; none without fontconfig. */
function systemFonts(): string[] {
  const files = new Set<string>();
  for (const family of ['sans-serif', 'serif', 'monospace']) {
    try {
      const file = execFileSync('fc-match', ['-f', '%{file}', family], { encoding: 'utf8', timeout: 5000 }).trim();
      if (/\.(ttf|otf|ttc)$/i.test(file)) files.add(file);
    } catch {
      // No fontconfig: shapes are drawn, text is not.
    }
  }
  return [...files];
}
