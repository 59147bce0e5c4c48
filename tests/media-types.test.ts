import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sniffImageType } from '../scripts/book/media-types.js';
import { exampleImages } from '../scripts/check/rules/example-images.js';
import { needs, repo, run, tempDir, writeBook } from './helpers.js';

const square = readFileSync(path.join(repo, 'tests/fixtures/sampler/chapters/images/blue-square.png'));
const svg = readFileSync(path.join(repo, 'tests/fixtures/sampler/chapters/images/diagram.svg'));

describe('image types from the bytes', () => {
  test('each embeddable type is read from its signature, whatever the name', () => {
    assert.equal(sniffImageType(square), 'image/png');
    assert.equal(sniffImageType(exampleImages.webp), 'image/webp');
    assert.equal(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'image/jpeg');
    assert.equal(sniffImageType(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')), 'image/gif');
    assert.equal(sniffImageType(svg), 'image/svg+xml');
  });

  test('an SVG is known by its root element after any prolog', () => {
    const prolog = '\uFEFF<?xml version="1.0"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg [<!ENTITY a "b">]>\n';
    assert.equal(sniffImageType(Buffer.from(`${prolog}<svg xmlns="http://www.w3.org/2000/svg"/>`)), 'image/svg+xml');
    assert.equal(
      sniffImageType(Buffer.from('<svg:svg xmlns:svg="http://www.w3.org/2000/svg"></svg:svg>')),
      'image/svg+xml',
    );
    assert.equal(sniffImageType(Buffer.from('<html><svg></svg></html>')), undefined);
    assert.equal(sniffImageType(Buffer.from('<svgx/>')), undefined);
  });

  test('other bytes are not an embeddable image', () => {
    assert.equal(sniffImageType(Buffer.from('BM\x00\x00', 'latin1')), 'image/bmp');
    assert.equal(sniffImageType(Buffer.from('not an image')), undefined);
    assert.equal(sniffImageType(Buffer.alloc(0)), undefined);
    assert.equal(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1')), undefined);
  });
});

describe('a misnamed image', () => {
  test('is embedded as what it is, with a warning naming the real type, and the EPUB is valid', (t) => {
    const dir = tempDir(t);
    const config = writeBook(dir, {
      'book.yaml': 'title: Misnamed\nchapters: [a.md]\ncover: cover.jpeg\n',
      'a.md': '# A\n\n![A chart](chart.jpeg)\n\n![A logo](logo)\n\n![Fake](fake.png)\n',
      'cover.jpeg': square,
      'chart.jpeg': square,
      logo: svg,
      'fake.png': 'not an image\n',
    });
    const checked = run(['check', '--config', config, '--reporter', 'json']);
    const messages = JSON.parse(checked.stdout) as {
      ruleId: string;
      line: number;
      message: string;
      severity: string;
    }[];
    const formats = messages.filter((m) => m.ruleId === 'image-format').map((m) => `${m.line}: ${m.message}`);
    assert.deepEqual(formats, [
      '3: image "chart.jpeg" is in PNG format, but its name says JPEG: the outputs ' +
        'use it as PNG; rename it "chart.png"',
      '5: image "logo" is in SVG format, but its name says no image type: the ' +
        'outputs use it as SVG; rename it "logo.svg"',
    ]);
    const missing = messages.filter((m) => m.ruleId === 'missing-image');
    assert.deepEqual(
      missing.map((m) => [m.line, m.severity]),
      [[7, 'error']],
    );
    assert.match(missing[0]!.message, /"fake\.png" is not a PNG, JPEG, GIF, SVG or WebP file/);
    const cover = messages.find((m) => m.ruleId === 'config');
    assert.match(cover?.message ?? '', /cover "cover\.jpeg" is in PNG format, but its name says JPEG/);

    writeBook(dir, { 'a.md': '# A\n\n![A chart](chart.jpeg)\n\n![A logo](logo)\n' });
    const built = run(['build', '--config', config, '--format', 'html,epub', '--quiet']);
    assert.equal(built.status, 0, built.stderr);
    assert.deepEqual(readdirSync(path.join(dir, 'dist/html/images')).sort(), ['chart.png', 'cover.png', 'logo.svg']);
    if (!needs(t, 'epubcheck')) return;
    const epubcheck = spawnSync(
      'java',
      ['-jar', '/usr/share/java/epubcheck.jar', path.join(dir, 'dist/misnamed.epub')],
      { encoding: 'utf8' },
    );
    assert.match(epubcheck.stdout + epubcheck.stderr, /Messages: 0 fatals \/ 0 errors \/ 0 warnings/);
  });
});
