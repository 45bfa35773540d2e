import type { DeployedVersion, Environment, ReleasedVersion, Webhook } from '@interlock/contracts';
import { urls } from './decorators.js';

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
