import { serve } from '@hono/node-server';
import type { VerifierOptions } from '@pact-foundation/pact';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/**
 * Where the consumer tests write their pacts (gitignored; `PACT_DIR` to choose another folder); without a broker
 * the provider tests verify them from here.
 */
export const pactDir = process.env.PACT_DIR
  ? resolve(process.env.PACT_DIR)
  : fileURLToPath(new URL('../../pacts/', import.meta.url));

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

/**
 * Publishes a consumer's pact to the broker with the `pact-broker` CLI, as the consumer's CI would
 * (`pact-broker publish <file> --consumer-app-version … --branch …`). Nothing to do without a broker.
 */
export async function publishPact(consumer: string, provider: string): Promise<void> {
  if (!broker) return;
  const cli = createRequire(import.meta.url).resolve('@pact-foundation/pact-cli/bin/pact-broker.js');
  const file = join(pactDir, `${consumer}-${provider}.json`);
  const args = ['publish', file, '--consumer-app-version', appVersion, '--branch', appBranch];
  await new Promise<void>((done, fail) =>
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_TOKEN: broker.token ?? '' } },
      (error, stdout, stderr) =>
        error ? fail(new Error(`pact-broker publish failed: ${stdout}${stderr}`)) : done(),
    ),
  );
}

/**
 * Where the Verifier gets the pacts: from the broker when one is configured (the pacts of the consumers' main
 * branch, of the same branch, and of what is deployed or released, with pending pacts; the results are published
 * there), else the local file the consumer test wrote.
 */
export function pactSource(consumer: string, provider: string): Partial<VerifierOptions> {
  if (!broker) return { pactUrls: [join(pactDir, `${consumer}-${provider}.json`)] };
  return {
    pactBrokerUrl: broker.url,
    ...(broker.token ? { pactBrokerToken: broker.token } : {}),
    consumerVersionSelectors: [{ mainBranch: true }, { matchingBranch: true }, { deployedOrReleased: true }],
    enablePending: true,
    publishVerificationResult: true,
  };
}

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

/**
 * A consumer test's body for `executeTest` that, once the client's calls are done, gives Pact's mock server time to
 * record them. The mock server of pact-core 19 (the last that runs on Node 20) records a matched request on a task of
 * its own after it has sent the response; checked right after the last response, on a busy machine, it can report
 * "expected but not received" for a request it answered (CI saw this once:
 * pact-foundation/pact-core-mock-server#13, fixed in pact-core 20, which needs Node 22).
 */
export function settled<S, T>(test: (server: S) => Promise<T>): (server: S) => Promise<T> {
  return async (server) => {
    const value = await test(server);
    await sleep(MOCK_SERVER_SETTLE_MS);
    return value;
  };
}

const MOCK_SERVER_SETTLE_MS = 200;

// The fixed ids of the specs' examples, used as provider states' data.
export const ADA_ID = '0b6a3f8e-2c4d-4b1a-9e7f-5d3c2b1a0f9e';
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
