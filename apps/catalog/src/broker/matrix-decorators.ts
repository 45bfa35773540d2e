import type { MatrixRow, MatrixSummary, SelectedPact } from '@interlock/contracts';
import { urls } from './decorators.js';
import { crossContractUrl } from './resources/provider-contracts.js';

function matrixVersion(base: string, pacticipant: string, v: MatrixRow['consumerVersion'] | null) {
  if (!v) return null;
  return {
    number: v.number,
    branch: v.branches[v.branches.length - 1] ?? null,
    branches: v.branches.map((name) => ({ name })),
    tags: v.tags.map((name) => ({ name })),
    _links: { self: { href: urls(base).version(pacticipant, v.number) } },
  };
}

export function matrixBody(base: string, rows: MatrixRow[], summary: MatrixSummary): Record<string, unknown> {
  const u = urls(base);
  // Oldest consumer version first, as the Pact Broker lists the matrix (its clients' pacts rely on the order).
  const ordered = [...rows].sort(
    (a, b) =>
      a.consumerVersion.id - b.consumerVersion.id ||
      (a.providerVersion?.id ?? 0) - (b.providerVersion?.id ?? 0) ||
      (a.verification?.id ?? 0) - (b.verification?.id ?? 0),
  );
  return {
    summary: {
      deployable: summary.deployable,
      reason: summary.reason,
      success: summary.success,
      failed: summary.failed,
      unknown: summary.unknown,
      ...(summary.ignored !== undefined ? { ignored: summary.ignored } : {}),
    },
    notices: summary.reasons.map((r) => ({ type: r.level, text: r.text })),
    matrix: ordered.map((r) => ({
      consumer: {
        name: r.consumer,
        _links: { self: { href: u.pacticipant(r.consumer) } },
        version: matrixVersion(base, r.consumer, r.consumerVersion),
      },
      provider: {
        name: r.provider,
        _links: { self: { href: u.pacticipant(r.provider) } },
        version: matrixVersion(base, r.provider, r.providerVersion),
      },
      pact: {
        createdAt: r.pact.createdAt,
        _links: { self: { href: u.pactVersion(r.consumer, r.provider, r.pact.sha) } },
      },
      verificationResult: r.verification
        ? {
            success: r.verification.success,
            verifiedAt: r.verification.createdAt,
            ...(r.verification.providerContract ? { providerContract: r.verification.providerContract } : {}),
            _links: {
              self: {
                href:
                  r.verification.providerContract && r.providerVersion
                    ? crossContractUrl(
                        base,
                        r.provider,
                        r.providerVersion.number,
                        r.consumer,
                        r.consumerVersion.number,
                      )
                    : `${u.verificationResults(r.consumer, r.provider, r.pact.sha)}/${r.verification.number}`,
              },
            },
          }
        : null,
      ...(r.ignored ? { ignored: true } : {}),
    })),
  };
}

export function forVerificationBody(base: string, provider: string, pacts: SelectedPact[], self: string) {
  const u = urls(base);
  return {
    _embedded: {
      pacts: pacts.map((p) => {
        const latest = [...p.consumerVersions].sort((a, b) => b.order - a.order)[0]?.number ?? '';
        return {
          shortDescription: p.shortDescription,
          verificationProperties: {
            pending: p.pending,
            ...(p.wip ? { wip: true } : {}),
            notices: p.notices.map((n) => ({
              when: n.when,
              text: n.text.replace(/the pact between \S+ and \S+/i, (m) => m),
            })),
          },
          _links: {
            self: {
              href: u.pactVersion(p.consumer, provider, p.sha),
              name: `Pact between ${p.consumer} (${latest}) and ${provider}`,
            },
          },
        };
      }),
    },
    _links: { self: { href: self, title: 'Pacts to be verified' } },
  };
}
