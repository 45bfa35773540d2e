import type { Formatter } from './types.js';
import { relativeFile } from './utils.js';

const COMMAND = { error: 'error', warn: 'warning', info: 'notice', hint: 'notice' } as const;

// Workflow command escaping: data escapes % CR LF; property values also escape : and ,.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow annotations: `::error file=…,line=…::message`, shown on the pull request's diff. */
export const github: Formatter = (findings, { cwd }) =>
  findings
    .map((f) => {
      const params = [
        `file=${property(relativeFile(f.source, cwd))}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        `endColumn=${f.range.end.character + 1}`,
        `title=${property(f.code)}`,
      ].join(',');
      const docs = f.documentationUrl ? `\nDocumentation: ${f.documentationUrl}` : '';
      return `::${COMMAND[f.severity]} ${params}::${data(f.message + docs)}`;
    })
    .join('\n');
