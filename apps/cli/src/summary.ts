import type { IndexSummary } from '@interlock/catalog';

/** The index summary for people: counts, then each failure with where and what to do. */
export function formatIndexSummary(summary: IndexSummary): string {
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const lines = [
    `Indexed ${summary.total} spec file(s) in ${seconds}s: ${summary.created.length} new, ${summary.unchanged} unchanged, ${summary.failed.length} failed; ${summary.operations} new operation(s).`,
  ];
  for (const f of summary.failed) {
    const e = f.error;
    const where =
      e.file && e.file !== f.file.split('/').pop()
        ? ` (${e.file}${e.line ? `:${e.line}:${e.column ?? 1}` : ''})`
        : e.line
          ? `:${e.line}:${e.column ?? 1}`
          : '';
    lines.push(`  ✗ ${f.file}${where}: ${e.message}${e.hint ? ` — ${e.hint}` : ''} [${e.code}]`);
  }
  return lines.join('\n');
}
