// The real `pact-broker` and `pactflow` CLIs (npm @pact-foundation/pact-cli, a standalone binary per platform)
// against a running catalog: publish, record-deployment, can-i-deploy yes and no; a provider contract (an OpenAPI
// spec) that satisfies a consumer's pact in place of a Pact verification.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken } from '@interlock/catalog';
import { createStore, type Store } from '@interlock/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalog, type CatalogServer } from '../server.js';

const cli = createRequire(import.meta.url).resolve('@pact-foundation/pact-cli/bin/pact-broker.js');
const pactflow = createRequire(import.meta.url).resolve('@pact-foundation/pact-cli/bin/pactflow.js');

describe('pact-broker CLI against the catalog', () => {
  let store: Store;
  let catalog: CatalogServer;
  const dir = mkdtempSync(join(tmpdir(), 'interlock-pact-cli-'));

  beforeAll(async () => {
    store = await createStore({ dataDir: 'memory://' });
    catalog = await startCatalog({
      store,
      adminTokenHash: hashToken('rw-token'),
      port: 0,
      broker: { readTokenHash: hashToken('ro-token') },
    });
  });
  afterAll(async () => {
    await catalog?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (args: string[], token = 'rw-token', bin = cli) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        {
          env: { ...process.env, PACT_BROKER_BASE_URL: catalog.url, PACT_BROKER_TOKEN: token, NO_COLOR: '1' },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number((error as { code?: number }).code ?? 1) : 0,
            out: `${stdout}${stderr}`,
          }),
      );
    });
  const pactFile = (consumerVersion: string, path: string) => {
    const pact = {
      consumer: { name: 'shop' },
      provider: { name: 'crm' },
      interactions: [
        { description: 'a customer lookup', request: { method: 'GET', path }, response: { status: 200 } },
      ],
      metadata: { pactSpecification: { version: '2.0.0' } },
    };
    writeFileSync(join(dir, `${consumerVersion}.json`), JSON.stringify(pact));
    return join(dir, `${consumerVersion}.json`);
  };
  const verify = async (consumerVersion: string, providerVersion: string, success: boolean) => {
    const auth = {
      authorization: 'Bearer rw-token',
      accept: 'application/hal+json',
      'content-type': 'application/json',
    };
    const pact = (await (
      await fetch(`${catalog.url}/pacts/provider/crm/consumer/shop/version/${consumerVersion}`, {
        headers: auth,
      })
    ).json()) as {
      _links: Record<string, { href: string }>;
    };
    const response = await fetch(pact._links['pb:publish-verification-results']?.href as string, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ success, providerApplicationVersion: providerVersion }),
    });
    expect(response.status).toBe(201);
  };

  it(
    'publishes, refuses changed content for a published version, and answers can-i-deploy from what is deployed',
    { timeout: 120_000 },
    async () => {
      const first = await run([
        'publish',
        pactFile('1.0.0', '/customers/1'),
        '--consumer-app-version',
        '1.0.0',
        '--branch',
        'main',
      ]);
      expect(first.out).toContain('Created pact between shop (1.0.0) and crm');
      expect(first.code).toBe(0);

      const changed = await run([
        'publish',
        pactFile('1.0.0', '/customers/2'),
        '--consumer-app-version',
        '1.0.0',
        '--branch',
        'main',
      ]);
      expect(changed.code).not.toBe(0);
      expect(changed.out).toMatch(/already been published with different content/);

      const readOnly = await run(['create-environment', '--name', 'production', '--production'], 'ro-token');
      expect(readOnly.code).not.toBe(0);
      expect((await run(['create-environment', '--name', 'production', '--production'])).code).toBe(0);

      // crm is not deployed to production yet: shop cannot go there.
      const noProvider = await run([
        'can-i-deploy',
        '--pacticipant',
        'shop',
        '--version',
        '1.0.0',
        '--to-environment',
        'production',
      ]);
      expect(noProvider.code).toBe(1);
      expect(noProvider.out).toMatch(
        /no version is currently recorded as deployed\/released in this environment/,
      );

      await verify('1.0.0', '2.0.0', true);
      expect(
        (
          await run([
            'create-or-update-version',
            '--pacticipant',
            'crm',
            '--version',
            '2.0.0',
            '--branch',
            'main',
          ])
        ).code,
      ).toBe(0);
      const deployed = await run([
        'record-deployment',
        '--pacticipant',
        'crm',
        '--version',
        '2.0.0',
        '--environment',
        'production',
      ]);
      expect(deployed.code).toBe(0);

      const yes = await run([
        'can-i-deploy',
        '--pacticipant',
        'shop',
        '--version',
        '1.0.0',
        '--to-environment',
        'production',
      ]);
      expect(yes.out).toContain('Computer says yes');
      expect(yes.code).toBe(0);

      // A new shop version whose pact crm 2.0.0 never verified: no.
      await run([
        'publish',
        pactFile('1.1.0', '/customers/3'),
        '--consumer-app-version',
        '1.1.0',
        '--branch',
        'main',
      ]);
      const no = await run([
        'can-i-deploy',
        '--pacticipant',
        'shop',
        '--version',
        '1.1.0',
        '--to-environment',
        'production',
      ]);
      expect(no.out).toContain('Computer says no');
      expect(no.code).toBe(1);

      // Provider side: with shop 1.0.0 in production, crm 3.0.0 (which failed shop's pact) cannot follow.
      expect(
        (
          await run([
            'record-deployment',
            '--pacticipant',
            'shop',
            '--version',
            '1.0.0',
            '--environment',
            'production',
          ])
        ).code,
      ).toBe(0);
      await verify('1.0.0', '3.0.0', false);
      const providerNo = await run([
        'can-i-deploy',
        '--pacticipant',
        'crm',
        '--version',
        '3.0.0',
        '--to-environment',
        'production',
      ]);
      expect(providerNo.out).toMatch(/failed/);
      expect(providerNo.code).toBe(1);
      expect(
        (
          await run([
            'can-i-deploy',
            '--pacticipant',
            'crm',
            '--version',
            '2.0.0',
            '--to-environment',
            'production',
          ])
        ).code,
      ).toBe(0);

      // Undeploying shop leaves crm 3.0.0 free to go: only what is deployed counts.
      expect(
        (await run(['record-undeployment', '--pacticipant', 'shop', '--environment', 'production'])).code,
      ).toBe(0);
      expect(
        (
          await run([
            'can-i-deploy',
            '--pacticipant',
            'crm',
            '--version',
            '3.0.0',
            '--to-environment',
            'production',
          ])
        ).code,
      ).toBe(0);
    },
  );

  it(
    "counts a provider's OpenAPI spec published with the pactflow CLI as compatible when it satisfies the pact",
    { timeout: 120_000 },
    async () => {
      const pact = {
        consumer: { name: 'checkout' },
        provider: { name: 'ledger' },
        interactions: [
          {
            description: 'an account',
            request: { method: 'GET', path: '/accounts/7' },
            response: {
              status: 200,
              headers: { 'Content-Type': 'application/json' },
              body: { id: '7', balance: 10 },
            },
          },
        ],
        metadata: { pactSpecification: { version: '2.0.0' } },
      };
      writeFileSync(join(dir, 'checkout.json'), JSON.stringify(pact));
      const spec = (balance: string) => `openapi: 3.0.3
info: { title: Ledger, version: 1.0.0 }
paths:
  /accounts/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: An account
          content:
            application/json:
              schema:
                type: object
                properties: { id: { type: string }, balance: { type: ${balance} } }
`;
      writeFileSync(join(dir, 'ledger-1.yaml'), spec('number'));
      writeFileSync(join(dir, 'ledger-2.yaml'), spec('string'));
      writeFileSync(join(dir, 'results.txt'), '14 passed');
      const publishSpec = (version: string, file: string) =>
        run(
          [
            'publish-provider-contract',
            join(dir, file),
            '--provider',
            'ledger',
            '--provider-app-version',
            version,
            '--branch',
            'main',
            '--content-type',
            'application/yaml',
            '--verification-exit-code',
            '0',
            '--verification-results',
            join(dir, 'results.txt'),
            '--verifier',
            'schemathesis',
          ],
          'rw-token',
          pactflow,
        );
      const canIDeploy = (pacticipant: string, version: string, environment: string) =>
        run([
          'can-i-deploy',
          '--pacticipant',
          pacticipant,
          '--version',
          version,
          '--to-environment',
          environment,
        ]);
      const deploy = (pacticipant: string, version: string, environment: string) =>
        run([
          'record-deployment',
          '--pacticipant',
          pacticipant,
          '--version',
          version,
          '--environment',
          environment,
        ]);

      expect(
        (
          await run([
            'publish',
            join(dir, 'checkout.json'),
            '--consumer-app-version',
            '1.0.0',
            '--branch',
            'main',
          ])
        ).code,
      ).toBe(0);
      const published = await publishSpec('1.0.0', 'ledger-1.yaml');
      expect(published.out).toContain('Provider contract for ledger version 1.0.0 published');
      expect(published.code).toBe(0);
      expect((await run(['create-environment', '--name', 'bdct-prod'])).code).toBe(0);
      expect((await deploy('ledger', '1.0.0', 'bdct-prod')).code).toBe(0);

      const yes = await canIDeploy('checkout', '1.0.0', 'bdct-prod');
      expect(yes.out).toContain('Computer says yes');
      expect(yes.out).toContain("satisfied by the provider's OpenAPI spec");
      expect(yes.code).toBe(0);

      // ledger 2.0.0 documents the balance as a string: the pact's number no longer fits.
      expect((await publishSpec('2.0.0', 'ledger-2.yaml')).code).toBe(0);
      expect((await deploy('checkout', '1.0.0', 'bdct-prod')).code).toBe(0);
      const no = await canIDeploy('ledger', '2.0.0', 'bdct-prod');
      expect(no.out).toContain('Computer says no');
      expect(no.out).toMatch(/does not satisfy the pact/);
      expect(no.code).toBe(1);
      expect((await canIDeploy('ledger', '1.0.0', 'bdct-prod')).code).toBe(0);

      // Another spec for a published provider version is refused; the stored one stands.
      const changed = await publishSpec('1.0.0', 'ledger-2.yaml');
      expect(changed.out).toMatch(/already been published with different content/);
      const stored = await fetch(`${catalog.url}/provider-contracts/provider/ledger/version/1.0.0`, {
        headers: { authorization: 'Bearer ro-token', accept: 'application/hal+json' },
      });
      expect(((await stored.json()) as { content: string }).content).toBe(spec('number'));
    },
  );
});
