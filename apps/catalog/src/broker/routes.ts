import { Broker } from '@interlock/contracts';
import type { Store } from '@interlock/store';
import { Hono } from 'hono';
import { brokerAuth, type BrokerTokens } from './auth.js';
import type { BrokerContext } from './context.js';
import { branchesAndTagsResource } from './resources/branches-and-tags.js';
import { branchPactsResource } from './resources/branch-pacts.js';
import { deploymentsResource } from './resources/deployments.js';
import { environmentsResource } from './resources/environments.js';
import { forVerificationResource } from './resources/for-verification.js';
import { indexResource } from './resources/index-resource.js';
import { matrixResource } from './resources/matrix.js';
import { pacticipantsResource } from './resources/pacticipants.js';
import { pactsResource } from './resources/pacts.js';
import { providerContractsResource } from './resources/provider-contracts.js';
import { publishContractsResource } from './resources/publish-contracts.js';
import { verificationResultsResource } from './resources/verification-results.js';
import { versionsResource } from './resources/versions.js';
import { webhooksResource } from './resources/webhooks.js';

export interface BrokerRoutesOptions extends BrokerTokens {
  store: Store;
  /** Where clients reach the broker, for the links (the Pact Broker's PACT_BROKER_BASE_URL); default: the request's origin. */
  baseUrl?: string | undefined;
}

const PREFIXES = [
  '/pacticipants',
  '/pacts',
  '/contracts',
  '/provider-contracts',
  '/matrix',
  '/can-i-deploy',
  '/environments',
  '/deployed-versions',
  '/released-versions',
  '/webhooks',
];

/** The Pact-Broker-compatible API: one resource per file, each a thin layer over the contracts lib. */
export function brokerRoutes(options: BrokerRoutesOptions): Hono {
  const app = new Hono();
  const context: BrokerContext = { broker: new Broker(options.store.sql) };
  const auth = brokerAuth(options);
  app.use('*', async (c, next) => {
    if (options.baseUrl) c.set('brokerBaseUrl' as never, options.baseUrl as never);
    await next();
  });
  app.use('/', async (c, next) => (/json/i.test(c.req.header('accept') ?? '') ? auth(c, next) : next()));
  for (const prefix of PREFIXES) {
    app.use(prefix, auth);
    app.use(`${prefix}/*`, auth);
  }
  indexResource(app);
  pacticipantsResource(app, context);
  versionsResource(app, context);
  branchesAndTagsResource(app, context);
  pactsResource(app, context);
  branchPactsResource(app, context);
  publishContractsResource(app, context);
  providerContractsResource(app, context);
  forVerificationResource(app, context);
  verificationResultsResource(app, context);
  environmentsResource(app, context);
  deploymentsResource(app, context);
  matrixResource(app, context);
  webhooksResource(app, context);
  return app;
}
