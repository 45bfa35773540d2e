import { brokerRepository as repo } from '@interlock/contracts';
import type { Context, Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { verificationBody } from '../decorators.js';
import { baseUrl, errors, hal, isObject, jsonBody, notFound } from '../hal.js';

/** Verification results of a pact content, as the Verifier publishes them; and reading them back. */
export function verificationResultsResource(app: Hono, { broker }: BrokerContext): void {
  const sql = broker.sql;
  const publish = async (c: Context) => {
    const { provider, consumer, sha } = c.req.param() as Record<string, string>;
    const pactVersion = await repo.findPactVersion(
      sql,
      consumer as string,
      provider as string,
      sha as string,
    );
    if (!pactVersion) return notFound(c);
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const v = body.value;
    const problems: Record<string, string[]> = {};
    if (!isObject(v)) return errors(c, 400, { body: ['must be a JSON object'] });
    if (typeof v.success !== 'boolean') problems.success = ['must be true or false'];
    if (typeof v.providerApplicationVersion !== 'string' || v.providerApplicationVersion === '')
      problems.providerApplicationVersion = ["can't be blank"];
    if (v.buildUrl !== undefined && v.buildUrl !== null && typeof v.buildUrl !== 'string')
      problems.buildUrl = ['must be a URL'];
    if (Object.keys(problems).length) return errors(c, 400, problems);
    const verification = await sql.transaction(async (tx) => {
      const { version } = await repo.ensureVersion(
        tx,
        provider as string,
        v.providerApplicationVersion as string,
      );
      return repo.createVerification(tx, {
        pactVersionId: pactVersion.id,
        providerVersionId: version.id,
        success: v.success as boolean,
        buildUrl: (v.buildUrl as string | undefined) ?? null,
        testResults: v.testResults,
        verifiedBy: v.verifiedBy,
      });
    });
    const out = verificationBody(baseUrl(c), verification);
    return hal(c, out, 201, { location: out._links.self.href });
  };
  app.post('/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results', publish);
  app.post(
    '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/metadata/:metadata/verification-results',
    publish,
  );

  app.get(
    '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results/:number',
    async (c) => {
      const { provider, consumer, sha, number } = c.req.param();
      const pactVersion = await repo.findPactVersion(sql, consumer, provider, sha);
      const found =
        pactVersion && /^\d+$/.test(number)
          ? await repo.findVerificationByNumber(sql, pactVersion.id, Number(number))
          : undefined;
      return found ? hal(c, verificationBody(baseUrl(c), found)) : notFound(c);
    },
  );
}
