import type { ComparisonFormatter } from './types.js';
import { interactionName, specWhere } from './where.js';

/** One line per finding, then a verdict: for people reading CI logs. */
export const formatText: ComparisonFormatter = (comparison, { pactFile, specFile }) => {
  const lines = comparison.findings.map(
    (f) =>
      `${f.level === 'error' ? 'error  ' : 'warning'} ${f.code}  ${interactionName(f)}: ${f.message}\n` +
      `        pact ${pactFile} ${f.pact.location}\n        spec ${specWhere(f, specFile)}${
        f.spec.operation ? ` (${f.spec.operation})` : ''
      }`,
  );
  const errors = comparison.findings.filter((f) => f.level === 'error').length;
  const warnings = comparison.findings.length - errors;
  const skipped = comparison.skipped.length
    ? `, ${comparison.skipped.length} message interaction(s) skipped`
    : '';
  lines.push(
    `${comparison.compatible ? 'compatible' : 'incompatible'}: ${pactFile} against ${specFile} — ` +
      `${comparison.interactions} interaction(s), ${errors} error(s), ${warnings} warning(s)${skipped}`,
  );
  return lines.join('\n');
};
