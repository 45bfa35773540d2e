import type { IndexSummary } from '@interlock/catalog';

const IGNORED_SHOWN = 10;

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
  if (summary.ignored.length) {
    const shown = summary.ignored.slice(0, IGNORED_SHOWN).join(', ');
    const more = summary.ignored.length - IGNORED_SHOWN;
    lines.push(
      `  ? ${summary.ignored.length} YAML/JSON file(s) ignored, neither a spec (no \`openapi:\` or \`swagger:\` near the start) nor $ref'd by one: ${shown}${more > 0 ? ` and ${more} more` : ''}`,
    );
  }
  return lines.join('\n');
}
