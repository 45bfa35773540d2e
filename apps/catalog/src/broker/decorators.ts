import type {
  Environment,
  Pacticipant,
  PacticipantVersion,
  PactPublication,
  Verification,
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
