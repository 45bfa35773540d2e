import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { formatters } from './index.js';

const cwd = '/repo';
const findings: Finding[] = [
  {
    code: 'operation-summary',
    message: 'Operation has no "summary" <b>|</b>',
    severity: 'error',
    path: ['paths', '/orders', 'get'],
    source: '/repo/specs/shop.yaml',
    range: { start: { line: 9, character: 4 }, end: { line: 12, character: 0 } },
    fingerprint: 'f1',
    documentationUrl: 'file:///repo/libs/lint/docs/rules/operation-summary.md',
  },
  {
    code: 'info-contact',
    message: 'Info object must have "contact" object.',
    severity: 'warn',
    path: ['info'],
    source: '/repo/specs/shop.yaml',
    range: { start: { line: 1, character: 5 }, end: { line: 3, character: 0 } },
    fingerprint: 'f2',
  },
];

describe('formatters', () => {
  it('json keeps Spectral’s shape (numeric severity, zero-based range) plus the fingerprint', () => {
    const out = JSON.parse(formatters.json(findings, { cwd })) as Record<string, unknown>[];
    expect(out[1]).toEqual({
      code: 'info-contact',
      path: ['info'],
      message: 'Info object must have "contact" object.',
      severity: 1,
      range: { start: { line: 1, character: 5 }, end: { line: 3, character: 0 } },
      source: '/repo/specs/shop.yaml',
      fingerprint: 'f2',
    });
  });

  it('stylish groups by file with one-based positions and a count', () => {
    const out = formatters.stylish(findings, { cwd });
    expect(out).toContain('specs/shop.yaml');
    expect(out).toMatch(/ {2}2:6 +warning +info-contact/);
    expect(out).toContain('✖ 2 problems (1 errors, 1 warnings, 0 infos, 0 hints)');
  });

  it('sarif carries the fingerprints and one-based regions', () => {
    const out = JSON.parse(formatters.sarif(findings, { cwd }));
    const result = out.runs[0].results[0];
    expect(out.version).toBe('2.1.0');
    expect(result.partialFingerprints).toEqual({ 'interlockFingerprint/v1': 'f1' });
    expect(result.locations[0].physicalLocation.region).toEqual({
      startLine: 10,
      startColumn: 5,
      endLine: 13,
      endColumn: 1,
    });
    expect(result.level).toBe('error');
  });

  it('github prints escaped workflow annotations', () => {
    const [first, second] = formatters.github(findings, { cwd }).split('\n');
    expect(first).toMatch(
      /^::error file=specs\/shop\.yaml,line=10,col=5,endLine=13,endColumn=1,title=operation-summary::/,
    );
    expect(first).toContain('%0ADocumentation: file%3A'.replace('%3A', ':'));
    expect(second).toMatch(/^::warning /);
  });

  it('junit has a failing test case per finding, XML-escaped', () => {
    const out = formatters.junit(findings, { cwd });
    expect(out).toContain('<testsuite name="specs/shop.yaml" tests="2" failures="2" errors="0">');
    expect(out).toContain('&lt;b&gt;|&lt;/b&gt;');
  });

  it('markdown escapes spec text', () => {
    const out = formatters.markdown(findings, { cwd });
    expect(out).toContain('\\<b\\>\\|\\</b\\>');
    expect(out).toContain('specs/shop.yaml:10:5');
  });
});
