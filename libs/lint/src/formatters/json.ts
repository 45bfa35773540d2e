import { severityToSpectral } from '../types.js';
import type { Formatter } from './types.js';

/**
 * Spectral's `--format json` shape (numeric severity 0–3, zero-based ranges), so tools that read it read this; one
 * field is added, `fingerprint`, so the output can serve as a `--baseline`.
 */
export const json: Formatter = (findings) =>
  JSON.stringify(
    findings.map((f) => ({
      code: f.code,
      path: f.path,
      message: f.message,
      severity: severityToSpectral(f.severity),
      range: f.range,
      source: f.source,
      ...(f.documentationUrl ? { documentationUrl: f.documentationUrl } : {}),
      fingerprint: f.fingerprint,
    })),
    null,
    '\t',
  );
