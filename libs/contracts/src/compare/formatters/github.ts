import type { ComparisonFormatter } from './types.js';
import { interactionName, joinFile } from './where.js';

/** GitHub Actions workflow commands: each finding becomes an annotation on the spec line it concerns. */
export const formatGithub: ComparisonFormatter = (comparison, { pactFile, specFile }) => {
  const lines = comparison.findings.map((f) => {
    const file = f.spec.file ? joinFile(specFile, f.spec.file) : specFile;
    const props = [`file=${property(file)}`];
    if (f.spec.line !== undefined) props.push(`line=${f.spec.line}`, `col=${f.spec.column ?? 1}`);
    props.push(`title=${property(f.code)}`);
    return `::${f.level === 'error' ? 'error' : 'warning'} ${props.join(',')}::${data(
      `${interactionName(f)} of ${pactFile}: ${f.message} (${f.pact.location})`,
    )}`;
  });
  lines.push(`${comparison.compatible ? 'compatible' : 'incompatible'}: ${pactFile} against ${specFile}`);
  return lines.join('\n');
};

// https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions: escaping rules.
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
