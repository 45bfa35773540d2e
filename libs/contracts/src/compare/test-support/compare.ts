// Builds a spec from YAML text and a pact from interactions, compares them, and lists the findings compactly.
import { loadSpecText } from '@interlock/openapi';
import { comparePactToSpec } from '../compare-pact-to-spec.js';
import { parsePact } from '../pact.js';
import type { Comparison } from '../types.js';

export interface RawInteraction {
  description?: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  [key: string]: unknown;
}

export async function compare(
  specYaml: string,
  interactions: RawInteraction[],
  metadata: Record<string, unknown> = {},
): Promise<Comparison> {
  const spec = await loadSpecText(specYaml, { filename: 'openapi.yaml' });
  const pact = parsePact({
    consumer: { name: 'consumer' },
    provider: { name: 'provider' },
    interactions: interactions.map((i, n) => ({ description: `interaction ${n}`, ...i })),
    metadata,
  });
  return comparePactToSpec(pact, spec);
}

/** `code @ pact location` for each finding. */
export async function findings(specYaml: string, interactions: RawInteraction[]): Promise<string[]> {
  return (await compare(specYaml, interactions)).findings.map((f) => `${f.code} @ ${f.pact.location}`);
}

/** A spec with the given paths (YAML under `paths:`, indented by two) and components. */
export function spec(paths: string, extra = '', version = '3.0.3'): string {
  return `openapi: ${version}\ninfo:\n  title: t\n  version: 1.0.0\npaths:\n${paths}\n${extra}`;
}
