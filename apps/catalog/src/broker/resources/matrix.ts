import { parseMatrixQuery, type MatrixQuery } from '@interlock/contracts';
import type { Context, Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { matrixBody } from '../matrix-decorators.js';
import { baseUrl, errors, hal } from '../hal.js';

/** `/matrix` with the clients' query format, and `/can-i-deploy` (one pacticipant version to an environment or tag). */
export function matrixResource(app: Hono, { broker }: BrokerContext): void {
  const answer = async (c: Context, query: MatrixQuery) => {
    const result = await broker.matrix(query);
    if (!result.ok) return errors(c, result.status, result.errors);
    return hal(c, matrixBody(baseUrl(c), result.rows, result.summary));
  };

  app.get('/matrix', async (c) => {
    const { query, errors: problems } = parseMatrixQuery(new URL(c.req.url).search);
    if (problems.length) return errors(c, 400, problems);
    return answer(c, query);
  });

  app.get('/can-i-deploy', async (c) => {
    const pacticipant = c.req.query('pacticipant');
    const version = c.req.query('version');
    const environment = c.req.query('environment');
    const tag = c.req.query('to') ?? c.req.query('tag');
    const problems: string[] = [];
    if (!pacticipant) problems.push('Please specify the pacticipant (?pacticipant=NAME)');
    if (!version) problems.push('Please specify the version (&version=NUMBER)');
    if (!environment && !tag)
      problems.push('Please specify the environment (&environment=NAME) or the tag (&to=TAG)');
    if (problems.length) return errors(c, 400, problems);
    const query: MatrixQuery = {
      selectors: [{ pacticipant: pacticipant as string, version: version as string }],
      ignore: [],
      latestby: 'cvp',
      ...(environment ? { environment } : { latest: true, tag: tag as string }),
    };
    return answer(c, query);
  });
}
