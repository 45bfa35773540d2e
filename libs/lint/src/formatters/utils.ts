import { relative, sep } from 'node:path';
import { severityRank, type Finding } from '../types.js';

export function relativeFile(file: string, cwd: string): string {
  if (/^[a-z]+:\/\//i.test(file)) return file;
  return relative(cwd, file).split(sep).join('/') || file;
}

/** Findings by file, in file order, each file's findings by position then severity. */
export function groupBySource(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of [...findings].sort(compareFindings)) {
    const list = groups.get(finding.source) ?? [];
    list.push(finding);
    groups.set(finding.source, list);
  }
  return groups;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.source.localeCompare(b.source) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    severityRank(a.severity) - severityRank(b.severity) ||
    a.code.localeCompare(b.code)
  );
}

export function countBySeverity(findings: readonly Finding[]): Record<Finding['severity'], number> {
  const counts = { error: 0, warn: 0, info: 0, hint: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

export function printPath(path: readonly (string | number)[]): string {
  return path.map(String).join('.');
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`,
  );
}
