import type { Element, ElementContent, Root } from 'hast';
import { createRequire } from 'node:module';
import { createLowlight } from 'lowlight';
import { visit } from 'unist-util-visit';

/** Names that authors write after the fence for a highlight.js language file of another name. */
const aliases: Readonly<Record<string, string>> = {
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  py: 'python',
  rb: 'ruby',
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  console: 'shell',
  yml: 'yaml',
  md: 'markdown',
  html: 'xml',
  xhtml: 'xml',
  svg: 'xml',
  rs: 'rust',
  kt: 'kotlin',
  cs: 'csharp',
  'c#': 'csharp',
  'c++': 'cpp',
  cc: 'cpp',
  h: 'c',
  hpp: 'cpp',
  golang: 'go',
  ps1: 'powershell',
  tf: 'hcl',
  dockerfile: 'dockerfile',
  docker: 'dockerfile',
  jsonc: 'json',
  psql: 'pgsql',
  postgres: 'pgsql',
  postgresql: 'pgsql',
  text: 'plaintext',
  txt: 'plaintext',
  plain: 'plaintext',
};

/**
 * Highlights fenced code by class (`hljs-keyword`, …; the templates' style sheet colours them),
 * at build time, offline, with no script in the outputs. Only the grammars that the book uses are
 * loaded — all of highlight.js takes most of a second to load — and a language it does not know
 * stays plain.
 */
export function highlightCode(trees: readonly Root[]): void {
  const blocks: { code: Element; language: string }[] = [];
  for (const tree of trees) {
    visit(tree, 'element', (element, _index, parent) => {
      if (element.tagName !== 'code' || parent?.type !== 'element' || parent.tagName !== 'pre') return;
      const language = (element.properties.className as string[] | undefined)
        ?.find((c) => c.startsWith('language-'))
        ?.slice(9)
        .toLowerCase();
      if (language) blocks.push({ code: element, language: aliases[language] ?? language });
    });
  }
  if (blocks.length === 0) return;
  const lowlight = createLowlight();
  for (const language of new Set(blocks.map((block) => block.language))) {
    if (!/^[a-z0-9-]+$/.test(language)) continue;
    try {
      // Loaded by require from highlight.js's own files at run time (the bundle does not hold all
      // ~190 grammars); the bundle runs as a script, where import() has no loader to call.
      const grammar = createRequire(import.meta.url)(`highlight.js/lib/languages/${language}`) as Parameters<
        typeof lowlight.register
      >[1];
      lowlight.register(language, grammar);
    } catch {
      // Not a language highlight.js knows: the block stays plain text.
    }
  }
  for (const { code, language } of blocks) {
    if (!lowlight.registered(language)) continue;
    const text = code.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
    code.children = lowlight.highlight(language, text).children as ElementContent[];
    code.properties.className = [...((code.properties.className as string[] | undefined) ?? []), 'hljs'];
  }
}
