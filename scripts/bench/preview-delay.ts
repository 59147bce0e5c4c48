import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The preview's save-to-reload delay as a reader sees it: the preview runs on a copy of the book,
 * a real Chromium shows a chapter, the chapter file is saved with a new word, and the delay is
 * from the file's modification time to the moment the page shows the word.
 */
export async function measurePreview(cli: string, config: string, times: number, chromium: string): Promise<number[]> {
  const preview = spawn(process.execPath, [cli, 'preview', '--config', config, '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { default: puppeteer } = await import('puppeteer');
  const browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      preview.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (match) resolve(match[0]);
      });
      preview.on('exit', (code) => reject(new Error(`the preview exited (${code})`)));
    });
    const chapters = (parse(readFileSync(config, 'utf8')) as { chapters: string[] }).chapters;
    const chapter = path.join(path.dirname(config), chapters[Math.min(2, chapters.length - 1)]!);
    // The port is taken before the first build: the chapter's page is there once it is done.
    const address = `${url}${path.basename(chapter, '.md')}.html`;
    const deadline = Date.now() + 10 * 60_000;
    while (
      (await fetch(address).then(
        (response) => response.status,
        () => 0,
      )) !== 200
    ) {
      if (Date.now() > deadline) throw new Error(`the preview served no ${address} in ten minutes`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const page = await browser.newPage();
    await page.goto(address, { waitUntil: 'load' });
    const original = readFileSync(chapter, 'utf8');
    const delays: number[] = [];
    // The first saves are not counted: they warm the preview's parser, as the first minute of writing does.
    const warming = 3;
    for (let i = 1 - warming; i <= times; i++) {
      const word = `benchword${i}x${Date.now()}`;
      const shown = page.waitForFunction(
        (w) => document.body.textContent?.includes(w),
        { timeout: 10_000, polling: 'mutation' },
        word,
      );
      writeFileSync(chapter, `${original}\n\n${word}\n`);
      const saved = statSync(chapter).mtimeMs;
      await shown;
      if (i > 0) delays.push(Date.now() - saved);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    writeFileSync(chapter, original);
    return delays;
  } finally {
    await browser.close();
    await stop(preview);
  }
}

/** Stops the preview as Ctrl-C does, and waits for it: killed if it has not exited 5 s later. */
async function stop(preview: ChildProcess): Promise<void> {
  if (preview.exitCode !== null || preview.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => preview.once('exit', () => resolve()));
  preview.kill('SIGINT');
  const deadline = setTimeout(() => {
    process.stderr.write('the preview did not stop 5 s after SIGINT: killed\n');
    preview.kill('SIGKILL');
  }, 5_000);
  await exited;
  clearTimeout(deadline);
}
