import { brokerRepository as repo } from '@interlock/contracts';
import type { Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { environmentBody } from '../environment-decorators.js';
import { baseUrl, errors, hal, isObject, jsonBody, notFound } from '../hal.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Environments: list (optionally by name), create, read, replace, delete. */
export function environmentsResource(app: Hono, { broker }: BrokerContext): void {
  const sql = broker.sql;
  const validate = async (v: unknown, uuid?: string) => {
    if (!isObject(v)) return { body: ['must be a JSON object'] };
    const problems: Record<string, string[]> = {};
    if (typeof v.name !== 'string' || !NAME.test(v.name))
      problems.name = ['must be given, without spaces (letters, digits, ., _ and -)'];
    else {
      const other = await repo.findEnvironment(sql, { name: v.name });
      if (other && other.uuid !== uuid)
        problems.name = [`Another environment with name '${v.name}' already exists (${other.uuid}).`];
    }
    if (v.production !== undefined && typeof v.production !== 'boolean')
      problems.production = ['must be true or false'];
    if (v.contacts !== undefined && !Array.isArray(v.contacts)) problems.contacts = ['must be an array'];
    if (v.uuid !== undefined && (typeof v.uuid !== 'string' || !/^[0-9a-f-]{36}$/i.test(v.uuid)))
      problems.uuid = ['must be a UUID'];
    return Object.keys(problems).length ? problems : undefined;
  };
  const fields = (v: Record<string, unknown>): repo.EnvironmentFields => ({
    name: v.name as string,
    displayName: typeof v.displayName === 'string' ? v.displayName : null,
    production: v.production === true,
    contacts: Array.isArray(v.contacts) ? v.contacts : null,
  });

  app.get('/environments', async (c) => {
    const b = baseUrl(c);
    const list = await repo.listEnvironments(sql, c.req.query('name'));
    return hal(c, {
      _embedded: { environments: list.map((e) => environmentBody(b, e)) },
      _links: {
        self: { href: `${b}/environments` },
        'pb:environments': list.map((e) => ({
          title: 'Environment',
          name: e.name,
          href: `${b}/environments/${e.uuid}`,
        })),
      },
    });
  });

  app.post('/environments', async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const problems = await validate(body.value);
    if (problems) return errors(c, 400, problems);
    const v = body.value as Record<string, unknown>;
    const env = await repo.createEnvironment(sql, fields(v), typeof v.uuid === 'string' ? v.uuid : undefined);
    const out = environmentBody(baseUrl(c), env);
    return hal(c, out, 201, { location: out._links.self.href });
  });

  app.get('/environments/:uuid', async (c) => {
    const env = await repo.findEnvironment(sql, { uuid: c.req.param('uuid') });
    return env ? hal(c, environmentBody(baseUrl(c), env)) : notFound(c);
  });

  app.put('/environments/:uuid', async (c) => {
    const uuid = c.req.param('uuid');
    if (!(await repo.findEnvironment(sql, { uuid }))) return notFound(c);
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const problems = await validate(body.value, uuid);
    if (problems) return errors(c, 400, problems);
    const env = await repo.updateEnvironment(sql, uuid, fields(body.value as Record<string, unknown>));
    return env ? hal(c, environmentBody(baseUrl(c), env)) : notFound(c);
  });

  app.delete('/environments/:uuid', async (c) =>
    (await repo.deleteEnvironment(sql, c.req.param('uuid'))) ? c.body(null, 204) : notFound(c),
  );
}
