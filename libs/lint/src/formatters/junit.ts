import type { Formatter } from './types.js';
import { escapeXml, groupBySource, printPath, relativeFile } from './utils.js';

/** JUnit XML: one test suite per file, one failing test case per finding (CI servers show them as tests). */
export const junit: Formatter = (findings, { cwd }) => {
  const suites: string[] = [];
  for (const [source, list] of groupBySource(findings)) {
    const file = escapeXml(relativeFile(source, cwd));
    const cases = list.map((f) => {
      const at = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
      const text = escapeXml(`${at} ${f.severity} ${f.code}: ${f.message} (${printPath(f.path)})`);
      return (
        `    <testcase classname="${file}" name="${escapeXml(`${f.code} ${at}`)}">\n` +
        `      <failure message="${escapeXml(f.message)}" type="${f.severity}">${text}</failure>\n` +
        `    </testcase>`
      );
    });
    suites.push(
      `  <testsuite name="${file}" tests="${list.length}" failures="${list.length}" errors="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>`;
};
