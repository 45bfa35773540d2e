import type { Formatter } from './types.js';
import { compareFindings, countBySeverity, printPath, relativeFile } from './utils.js';

/** Spec text can hold Markdown and HTML: escape it so a finding renders as text in a PR comment or job summary. */
function cell(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A Markdown table (pull-request comments, job summaries). */
export const markdown: Formatter = (findings, { cwd }) => {
  if (findings.length === 0) return 'No problems found.\n';
  const c = countBySeverity(findings);
  const rows = [...findings]
    .sort(compareFindings)
    .map(
      (f) =>
        `| ${cell(f.code)} | ${cell(f.severity)} | ${cell(f.message)} | ${cell(printPath(f.path))} | ` +
        `${cell(relativeFile(f.source, cwd))}:${f.range.start.line + 1}:${f.range.start.character + 1} |`,
    );
  return [
    `**${findings.length} problems**: ${c.error} errors, ${c.warn} warnings, ${c.info} infos, ${c.hint} hints`,
    '',
    '| Code | Severity | Message | Path | Location |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
};
