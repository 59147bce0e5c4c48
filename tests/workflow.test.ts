import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { repo } from './helpers.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

test('the book workflow is valid YAML that checks, builds and uploads the book on push and pull request', () => {
  const document = parseDocument(readFileSync(path.join(repo, '.github', 'workflows', 'book.yml'), 'utf8'));
  assert.deepEqual(document.errors, []);
  const workflow = document.toJS() as {
    on: Record<string, unknown>;
    jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
  };
  assert.ok('push' in workflow.on && 'pull_request' in workflow.on);
  const [job] = Object.values(workflow.jobs);
  assert.ok(job);
  assert.equal(job['runs-on'], 'ubuntu-latest');

  const index = (match: (step: Step) => boolean, what: string): number => {
    const found = job.steps.findIndex(match);
    assert.ok(found >= 0, `a step that ${what}`);
    return found;
  };
  const checkout = index((s) => s.uses?.startsWith('actions/checkout@') === true, 'checks out');
  const node = index(
    (s) => s.uses?.startsWith('actions/setup-node@') === true && String(s.with?.['node-version']) === '20',
    'sets up Node.js 20',
  );
  const chrome = index((s) => s.run?.includes('PUPPETEER_EXECUTABLE_PATH') === true, 'finds a browser for the PDF');
  const install = index((s) => s.run?.trim() === 'npm ci', 'installs');
  const check = index((s) => s.run?.trim() === 'npm run check', 'checks (the github reporter by itself)');
  const build = index((s) => s.run?.trim() === 'npm run build', 'builds');
  const upload = index(
    (s) => s.uses?.startsWith('actions/upload-artifact@') === true && s.with?.path === 'dist/',
    'uploads dist/',
  );
  assert.ok(
    checkout < node && node < install && chrome < build && install < check && check < build && build < upload,
    'in order',
  );
});
