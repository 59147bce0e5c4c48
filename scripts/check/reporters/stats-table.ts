import type { BookStats, Figures } from '../stats.js';

const labelWidth = 60;

/**
 * `check --stats` for people: the outline as a table, each chapter's file then a row for it and each of its sections,
 * then the totals.
 */
export function statsTable(stats: BookStats): string[] {
  const row = (label: string, figures: Figures): string =>
    [
      fit(label).padEnd(labelWidth),
      String(figures.words).padStart(7),
      `${figures.minutes} min`.padStart(8),
      String(figures.emptySections).padStart(6),
    ].join(' ');
  const lines = [
    `${'chapter / section'.padEnd(labelWidth)} ${'words'.padStart(7)} ${'reading'.padStart(8)} ${'empty'.padStart(6)}`,
  ];
  for (const chapter of stats.chapters) {
    lines.push(chapter.file, row(`  ${chapter.title}`, chapter));
    for (const section of chapter.sections) lines.push(row(`${'  '.repeat(section.depth)}${section.title}`, section));
  }
  const { totals } = stats;
  lines.push(row(`total: ${totals.chapters} chapters, ${totals.headings} headings`, totals));
  return lines;
}

function fit(label: string): string {
  return label.length > labelWidth ? `${label.slice(0, labelWidth - 1)}…` : label;
}
