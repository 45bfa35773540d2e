import type {
  DeployedVersion,
  Environment,
  MatrixRow,
  MatrixSummary,
  Pacticipant,
  PacticipantVersion,
  PactPublication,
  ReleasedVersion,
  SelectedPact,
  Verification,
  Webhook,
} from '@interlock/contracts';
import { seg } from './hal.js';

/** Response shapes (properties and HAL links) of the broker's resources, apart from the resources. */
export const urls = (base: string) => ({
  pacticipant: (p: string) => `${base}/pacticipants/${seg(p)}`,
  versions: (p: string) => `${base}/pacticipants/${seg(p)}/versions`,
  version: (p: string, v: string) => `${base}/pacticipants/${seg(p)}/versions/${seg(v)}`,
  tag: (p: string, v: string, t: string) =>
    `${base}/pacticipants/${seg(p)}/versions/${seg(v)}/tags/${seg(t)}`,
  branch: (p: string, b: string) => `${base}/pacticipants/${seg(p)}/branches/${seg(b)}`,
  branchVersion: (p: string, b: string, v: string) =>
    `${base}/pacticipants/${seg(p)}/branches/${seg(b)}/versions/${seg(v)}`,
  pact: (c: string, p: string, v: string) =>
    `${base}/pacts/provider/${seg(p)}/consumer/${seg(c)}/version/${seg(v)}`,
  pactVersion: (c: string, p: string, sha: string) =>
    `${base}/pacts/provider/${seg(p)}/consumer/${seg(c)}/pact-version/${sha}`,
  verificationResults: (c: string, p: string, sha: string) =>
    `${base}/pacts/provider/${seg(p)}/consumer/${seg(c)}/pact-version/${sha}/verification-results`,
  environment: (uuid: string) => `${base}/environments/${uuid}`,
  deployedVersion: (uuid: string) => `${base}/deployed-versions/${uuid}`,
  releasedVersion: (uuid: string) => `${base}/released-versions/${uuid}`,
  webhook: (uuid: string) => `${base}/webhooks/${uuid}`,
});

export function pacticipantBody(base: string, p: Pacticipant, latest?: PacticipantVersion) {
  const u = urls(base);
  return {
    name: p.name,
    displayName: p.displayName ?? p.name,
    repositoryUrl: p.repositoryUrl,
    mainBranch: p.mainBranch,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(latest
      ? {
          _embedded: {
            'latest-version': {
              number: latest.number,
              _links: { self: { href: u.version(p.name, latest.number) } },
            },
          },
        }
      : {}),
    _links: {
      self: { href: u.pacticipant(p.name) },
      'pb:versions': { href: u.versions(p.name) },
      versions: { href: u.versions(p.name) },
      'pb:version': { href: `${u.versions(p.name)}/{version}`, templated: true },
      'pb:latest-version': { href: `${u.pacticipant(p.name)}/latest-version` },
      'pb:branches': { href: `${u.pacticipant(p.name)}/branches` },
      'pb:branch-version': {
        href: `${u.pacticipant(p.name)}/branches/{branch}/versions/{version}`,
        templated: true,
      },
      'pb:version-tag': { href: `${u.versions(p.name)}/{version}/tags/{tag}`, templated: true },
      'pb:can-i-deploy-badge': {
        href: `${u.pacticipant(p.name)}/latest-version/{tag}/can-i-deploy/to/{environment}/badge`,
        templated: true,
      },
    },
  };
}

export function versionBody(base: string, v: PacticipantVersion, environments: Environment[] = []) {
  const u = urls(base);
  return {
    number: v.number,
    buildUrl: v.buildUrl,
    createdAt: v.createdAt,
    _embedded: {
      branchVersions: v.branches.map((b) => ({
        name: b,
        latest: undefined,
        _links: { self: { href: u.branchVersion(v.pacticipant, b, v.number) } },
      })),
      tags: v.tags.map((t) => ({ name: t, _links: { self: { href: u.tag(v.pacticipant, v.number, t) } } })),
    },
    _links: {
      self: { title: 'Version', name: v.number, href: u.version(v.pacticipant, v.number) },
      'pb:pacticipant': { title: 'Pacticipant', name: v.pacticipant, href: u.pacticipant(v.pacticipant) },
      'pb:tag': { href: `${u.version(v.pacticipant, v.number)}/tags/{tag}`, templated: true },
      'pb:record-deployment': environments.map((e) => ({
        title: `Record deployment to ${e.displayName ?? e.name}`,
        name: e.name,
        href: `${u.version(v.pacticipant, v.number)}/deployed-versions/environment/${e.uuid}`,
      })),
      'pb:record-release': environments.map((e) => ({
        title: `Record release to ${e.displayName ?? e.name}`,
        name: e.name,
        href: `${u.version(v.pacticipant, v.number)}/released-versions/environment/${e.uuid}`,
      })),
    },
  };
}

export function pactBody(base: string, p: PactPublication, content: string) {
  const u = urls(base);
  const pact = JSON.parse(content) as Record<string, unknown>;
  return {
    ...pact,
    createdAt: p.createdAt,
    _links: {
      self: {
        title: 'Pact',
        name: `Pact between ${p.consumer} (${p.consumerVersion}) and ${p.provider}`,
        href: u.pact(p.consumer, p.provider, p.consumerVersion),
      },
      'pb:consumer': { title: 'Consumer', name: p.consumer, href: u.pacticipant(p.consumer) },
      'pb:consumer-version': {
        title: 'Consumer version',
        name: p.consumerVersion,
        href: u.version(p.consumer, p.consumerVersion),
      },
      'pb:provider': { title: 'Provider', name: p.provider, href: u.pacticipant(p.provider) },
      'pb:pact-version': {
        title: 'Pact content version permalink',
        name: p.sha,
        href: u.pactVersion(p.consumer, p.provider, p.sha),
      },
      'pb:latest-pact-version': {
        title: 'Latest version of this pact',
        href: `${base}/pacts/provider/${seg(p.provider)}/consumer/${seg(p.consumer)}/latest`,
      },
      'pb:publish-verification-results': {
        title: 'Publish verification results',
        href: u.verificationResults(p.consumer, p.provider, p.sha),
      },
      'pb:all-pact-versions': {
        title: 'All versions of this pact',
        href: `${base}/pacts/provider/${seg(p.provider)}/consumer/${seg(p.consumer)}/versions`,
      },
    },
  };
}

export function pactLink(base: string, p: PactPublication) {
  return {
    href: urls(base).pact(p.consumer, p.provider, p.consumerVersion),
    title: `Pact between ${p.consumer} (v${p.consumerVersion}) and ${p.provider}`,
    name: p.consumer,
  };
}

export function verificationBody(base: string, v: Verification) {
  const u = urls(base);
  return {
    providerName: v.provider,
    providerApplicationVersion: v.providerVersion,
    success: v.success,
    verificationDate: v.createdAt,
    buildUrl: v.buildUrl,
    testResults: v.testResults,
    verifiedBy: v.verifiedBy,
    _links: {
      self: {
        title: 'Verification result',
        name: `Verification result ${v.number} for pact version ${v.sha}`,
        href: `${u.verificationResults(v.consumer, v.provider, v.sha)}/${v.number}`,
      },
      'pb:pact-version': { title: 'Pact', href: u.pactVersion(v.consumer, v.provider, v.sha) },
    },
  };
}

export function environmentBody(base: string, e: Environment) {
  const u = urls(base);
  return {
    uuid: e.uuid,
    name: e.name,
    displayName: e.displayName ?? e.name,
    production: e.production,
    contacts: e.contacts ?? [],
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    _links: {
      self: { title: 'Environment', name: e.name, href: u.environment(e.uuid) },
      'pb:currently-deployed-deployed-versions': {
        title: 'Versions currently deployed',
        href: `${u.environment(e.uuid)}/deployed-versions/currently-deployed`,
      },
      'pb:currently-supported-released-versions': {
        title: 'Versions released and supported',
        href: `${u.environment(e.uuid)}/released-versions/currently-supported`,
      },
      'pb:environments': { title: 'Environments', href: `${base}/environments` },
    },
  };
}

export function deployedVersionBody(base: string, d: DeployedVersion) {
  const u = urls(base);
  return {
    uuid: d.uuid,
    currentlyDeployed: d.currentlyDeployed,
    applicationInstance: d.applicationInstance,
    target: d.applicationInstance,
    undeployedAt: d.undeployedAt,
    createdAt: d.createdAt,
    _embedded: {
      pacticipant: { name: d.pacticipant, _links: { self: { href: u.pacticipant(d.pacticipant) } } },
      version: { number: d.version, _links: { self: { href: u.version(d.pacticipant, d.version) } } },
      environment: environmentBody(base, d.environment),
    },
    _links: { self: { href: u.deployedVersion(d.uuid) } },
  };
}

export function releasedVersionBody(base: string, r: ReleasedVersion) {
  const u = urls(base);
  return {
    uuid: r.uuid,
    currentlySupported: r.currentlySupported,
    supportEndedAt: r.supportEndedAt,
    createdAt: r.createdAt,
    _embedded: {
      pacticipant: { name: r.pacticipant, _links: { self: { href: u.pacticipant(r.pacticipant) } } },
      version: { number: r.version, _links: { self: { href: u.version(r.pacticipant, r.version) } } },
      environment: environmentBody(base, r.environment),
    },
    _links: { self: { href: u.releasedVersion(r.uuid) } },
  };
}

export function webhookBody(base: string, w: Webhook) {
  const d = w.definition;
  const request = { ...(d.request as Record<string, unknown>) };
  if ('password' in request) request.password = '**********';
  return {
    uuid: w.uuid,
    description: d.description,
    ...(w.consumer ? { consumer: { name: w.consumer } } : d.consumer ? { consumer: d.consumer } : {}),
    ...(w.provider ? { provider: { name: w.provider } } : d.provider ? { provider: d.provider } : {}),
    enabled: d.enabled ?? true,
    events: d.events,
    request,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
    _links: {
      self: { title: d.description, href: urls(base).webhook(w.uuid) },
      'pb:webhooks': { href: `${base}/webhooks` },
    },
  };
}

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
            _links: {
              self: {
                href: `${u.verificationResults(r.consumer, r.provider, r.pact.sha)}/${r.verification.number}`,
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
