import { brokerRepository as repo } from '@interlock/contracts';
import type { Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { deployedVersionBody, releasedVersionBody } from '../environment-decorators.js';
import { baseUrl, errors, hal, isObject, jsonBody, notFound } from '../hal.js';

/** record-deployment, record-release, the versions currently in an environment, undeployment and end of support. */
export function deploymentsResource(app: Hono, { broker }: BrokerContext): void {
  const sql = broker.sql;
  const versionAndEnvironment = async (name: string, number: string, uuid: string) => {
    const version = await repo.findVersion(sql, name, number);
    const environment = await repo.findEnvironment(sql, { uuid });
    return version && environment ? { version, environment } : undefined;
  };

  app.post('/pacticipants/:name/versions/:version/deployed-versions/environment/:uuid', async (c) => {
    const { name, version, uuid } = c.req.param();
    const found = await versionAndEnvironment(name, version, uuid);
    if (!found) return notFound(c);
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const v = isObject(body.value) ? body.value : {};
    const instance = v.applicationInstance ?? v.target;
    if (instance !== undefined && instance !== null && typeof instance !== 'string')
      return errors(c, 400, { applicationInstance: ['must be a string'] });
    const deployed = await repo.recordDeployment(sql, {
      pacticipantId: found.version.pacticipantId,
      versionId: found.version.id,
      environmentUuid: uuid,
      applicationInstance: (instance as string | null | undefined) ?? null,
    });
    const out = deployedVersionBody(baseUrl(c), deployed);
    return hal(c, out, 201, { location: out._links.self.href });
  });

  app.post('/pacticipants/:name/versions/:version/released-versions/environment/:uuid', async (c) => {
    const { name, version, uuid } = c.req.param();
    const found = await versionAndEnvironment(name, version, uuid);
    if (!found) return notFound(c);
    const { released, created } = await repo.recordRelease(sql, {
      pacticipantId: found.version.pacticipantId,
      versionId: found.version.id,
      environmentUuid: uuid,
    });
    const out = releasedVersionBody(baseUrl(c), released);
    return hal(c, out, created ? 201 : 200, { location: out._links.self.href });
  });

  app.get('/environments/:uuid/deployed-versions/currently-deployed', async (c) => {
    const uuid = c.req.param('uuid');
    if (!(await repo.findEnvironment(sql, { uuid }))) return notFound(c);
    const pacticipant = c.req.query('pacticipant');
    const instance = c.req.query('applicationInstance') ?? c.req.query('target');
    const list = await repo.listDeployedVersions(sql, {
      environmentUuid: uuid,
      currentOnly: true,
      ...(pacticipant !== undefined ? { pacticipant } : {}),
      ...(instance !== undefined ? { applicationInstance: instance } : {}),
    });
    const b = baseUrl(c);
    return hal(c, {
      _embedded: { deployedVersions: list.map((d) => deployedVersionBody(b, d)) },
      _links: { self: { href: `${b}${new URL(c.req.url).pathname}` } },
    });
  });

  app.get('/environments/:uuid/released-versions/currently-supported', async (c) => {
    const uuid = c.req.param('uuid');
    if (!(await repo.findEnvironment(sql, { uuid }))) return notFound(c);
    const pacticipant = c.req.query('pacticipant');
    const list = await repo.listReleasedVersions(sql, {
      environmentUuid: uuid,
      currentOnly: true,
      ...(pacticipant !== undefined ? { pacticipant } : {}),
    });
    const b = baseUrl(c);
    return hal(c, {
      _embedded: { releasedVersions: list.map((r) => releasedVersionBody(b, r)) },
      _links: { self: { href: `${b}${new URL(c.req.url).pathname}` } },
    });
  });

  app.get('/deployed-versions/:uuid', async (c) => {
    const d = await repo.findDeployedVersion(sql, c.req.param('uuid'));
    return d ? hal(c, deployedVersionBody(baseUrl(c), d)) : notFound(c);
  });

  app.patch('/deployed-versions/:uuid', async (c) => {
    const uuid = c.req.param('uuid');
    if (!(await repo.findDeployedVersion(sql, uuid))) return notFound(c);
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const v = isObject(body.value) ? body.value : {};
    if (v.currentlyDeployed !== undefined && v.currentlyDeployed !== false)
      return errors(c, 400, {
        currentlyDeployed: ['can only be set to false (record a new deployment instead)'],
      });
    const d =
      v.currentlyDeployed === false
        ? await repo.markUndeployed(sql, uuid)
        : await repo.findDeployedVersion(sql, uuid);
    return d ? hal(c, deployedVersionBody(baseUrl(c), d)) : notFound(c);
  });

  app.get('/released-versions/:uuid', async (c) => {
    const [r] = await repo.listReleasedVersions(sql, { uuid: c.req.param('uuid') });
    return r ? hal(c, releasedVersionBody(baseUrl(c), r)) : notFound(c);
  });

  app.patch('/released-versions/:uuid', async (c) => {
    const uuid = c.req.param('uuid');
    const [existing] = await repo.listReleasedVersions(sql, { uuid });
    if (!existing) return notFound(c);
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const v = isObject(body.value) ? body.value : {};
    if (v.currentlySupported !== undefined && v.currentlySupported !== false)
      return errors(c, 400, {
        currentlySupported: ['can only be set to false (record a new release instead)'],
      });
    const r = v.currentlySupported === false ? await repo.endSupport(sql, uuid) : existing;
    return r ? hal(c, releasedVersionBody(baseUrl(c), r)) : notFound(c);
  });
}
