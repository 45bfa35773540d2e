import type { ComparisonFormatter } from './types.js';
import { interactionName, specWhere } from './where.js';

/** JUnit XML: one test case per interaction, failing with its errors (warnings go to system-out). */
export const formatJunit: ComparisonFormatter = (comparison, { pactFile, specFile }) => {
  const byInteraction = new Map<number, typeof comparison.findings>();
  for (const f of comparison.findings) {
    const list = byInteraction.get(f.interaction.index) ?? [];
    list.push(f);
    byInteraction.set(f.interaction.index, list);
  }
  const indexes = [...new Set([...byInteraction.keys()])];
  const failures = indexes.filter((i) => byInteraction.get(i)?.some((f) => f.level === 'error')).length;
  const cases = indexes.map((i) => {
    const findings = byInteraction.get(i) ?? [];
    const errors = findings.filter((f) => f.level === 'error');
    const warnings = findings.filter((f) => f.level === 'warning');
    const name = escape(interactionName(findings[0] as (typeof findings)[number]));
    const failure = errors.length
      ? `<failure message="${escape(errors.map((f) => f.code).join(', '))}">${escape(
          errors
            .map((f) => `${f.code}: ${f.message} (${f.pact.location}; ${specWhere(f, specFile)})`)
            .join('\n'),
        )}</failure>`
      : '';
    const out = warnings.length
      ? `<system-out>${escape(warnings.map((f) => `${f.code}: ${f.message}`).join('\n'))}</system-out>`
      : '';
    return `    <testcase classname="${escape(pactFile)}" name="${name}">${failure}${out}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="interlock contracts check" tests="${comparison.interactions}" failures="${failures}">`,
    `  <testsuite name="${escape(`${pactFile} against ${specFile}`)}" tests="${comparison.interactions}" failures="${failures}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
};

function escape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
