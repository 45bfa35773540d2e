/**
 * An operation (or, for `collection-plural`, a path item) can be exempted from an organisation rule in the spec
 * itself, with a reason a reviewer can judge:
 * `x-interlock-lint: { ignore: [problem-json-errors], reason: "OTLP/HTTP fixes the error body" }`. Without a
 * reason the exemption does not count. spectral:oas rules are not exempted this way (use ruleset overrides).
 */
export const EXEMPTION = 'x-interlock-lint';

export function isExempt(operation: unknown, rule: string): boolean {
  if (!operation || typeof operation !== 'object') return false;
  const exemption = (operation as Record<string, unknown>)[EXEMPTION] as
    { ignore?: unknown; reason?: unknown } | undefined;
  return (
    Array.isArray(exemption?.ignore) &&
    exemption.ignore.includes(rule) &&
    typeof exemption.reason === 'string' &&
    exemption.reason.trim() !== ''
  );
}
