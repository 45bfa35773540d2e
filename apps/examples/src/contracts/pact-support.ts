import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Where the consumer tests write their pacts (gitignored); the provider tests verify them from here. */
export const pactDir = fileURLToPath(new URL('../../pacts/', import.meta.url));

/**
 * Publishing pacts and verification results to a broker (the Interlock catalog) is opt-in: set
 * PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN) — CI does, a laptop need not.
 */
export const broker = process.env.PACT_BROKER_BASE_URL
  ? { url: process.env.PACT_BROKER_BASE_URL, token: process.env.PACT_BROKER_TOKEN }
  : undefined;

/** The version of the code under test, as the broker records it. */
export const appVersion = process.env.GIT_COMMIT ?? process.env.GITHUB_SHA ?? 'local';
export const appBranch = process.env.GIT_BRANCH ?? process.env.GITHUB_REF_NAME ?? 'main';

/** Serves a Hono app on a free loopback port for the Pact Verifier. */
export async function serveOnLoopback(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}

// The fixed ids of the specs' examples, used as provider states' data.
export const ADA_ID = '0b6a3f8e-2c4d-4b1a-9e7f-5d3c2b1a0f9e';
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
