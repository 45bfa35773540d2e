import type { Formatter } from './types.js';
import { relativeFile } from './utils.js';

const LEVEL = { error: 'error', warn: 'warning', info: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 (GitHub code scanning and others); each result carries its stable fingerprint. */
export const sarif: Formatter = (findings, { cwd }) => {
  const rules = [...new Set(findings.map((f) => f.code))].sort();
  const documentation = new Map(findings.map((f) => [f.code, f.documentationUrl]));
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'interlock lint',
              informationUri: 'https://github.com/stoplightio/spectral',
              rules: rules.map((id) => ({
                id,
                ...(documentation.get(id) ? { helpUri: documentation.get(id) } : {}),
              })),
            },
          },
          results: findings.map((f) => ({
            ruleId: f.code,
            ruleIndex: rules.indexOf(f.code),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: relativeFile(f.source, cwd) },
                  region: {
                    startLine: f.range.start.line + 1,
                    startColumn: f.range.start.character + 1,
                    endLine: f.range.end.line + 1,
                    endColumn: f.range.end.character + 1,
                  },
                },
                logicalLocations: f.path.length ? [{ fullyQualifiedName: f.path.map(String).join('.') }] : [],
              },
            ],
            partialFingerprints: { 'interlockFingerprint/v1': f.fingerprint },
          })),
        },
      ],
    },
    null,
    2,
  );
};
