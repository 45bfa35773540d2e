import type { Formatter } from './types.js';
import { countBySeverity, groupBySource, printPath, relativeFile } from './utils.js';

const LABEL = { error: 'error', warn: 'warning', info: 'information', hint: 'hint' } as const;

/** The terminal format: findings grouped by file, then a count. */
export const stylish: Formatter = (findings, { cwd }) => {
  if (findings.length === 0) return 'No problems found.';
  const lines: string[] = [];
  for (const [source, list] of groupBySource(findings)) {
    lines.push('', relativeFile(source, cwd));
    const rows = list.map((f) => [
      `${f.range.start.line + 1}:${f.range.start.character + 1}`,
      LABEL[f.severity],
      f.code,
      f.message,
      printPath(f.path),
    ]);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] as string).length)));
    for (const row of rows)
      lines.push(
        `  ${row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] as number) : cell)).join('  ')}`.trimEnd(),
      );
  }
  const c = countBySeverity(findings);
  const problems = findings.length === 1 ? 'problem' : 'problems';
  lines.push(
    '',
    `✖ ${findings.length} ${problems} (${c.error} errors, ${c.warn} warnings, ${c.info} infos, ${c.hint} hints)`,
  );
  return lines.join('\n');
};
