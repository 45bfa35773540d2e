// The worked example of contract testing with Interlock: a catalog runs (`interlock serve catalog`, from
// sources); the examples' contract tests run with PACT_BROKER_BASE_URL pointing at it, so the consumers publish
// their pacts and the providers verify them from the broker and publish the results; then can-i-deploy answers.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const examples = fileURLToPath(new URL('../../', import.meta.url));
const cliSource = fileURLToPath(new URL('../../../cli/src/bin.ts', import.meta.url));
const TOKEN = 'examples-broker-token';

describe('the examples under contract, with the catalog as Pact Broker', () => {
  const work = mkdtempSync(join(tmpdir(), 'interlock-examples-broker-'));
  let catalog: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    catalog = spawn(
      process.execPath,
      [
        '--conditions=@interlock/source',
        '--import',
        'tsx',
        cliSource,
        'serve',
        'catalog',
        '--port',
        '0',
        '--no-watch',
        '--specs',
        join(work, 'no-specs'),
      ],
      {
        env: {
          ...process.env,
          INTERLOCK_DATA_DIR: join(work, 'data'),
          INTERLOCK_ADMIN_TOKEN: TOKEN,
          DATABASE_URL: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the catalog did not start: ${out}`)), 60_000);
      const read = (chunk: Buffer) => {
        out += chunk.toString();
        const found = /Interlock catalog on (\S+)/.exec(out);
        if (found) {
          clearTimeout(timer);
          resolve(found[1] as string);
        }
      };
      catalog?.stdout?.on('data', read);
      catalog?.stderr?.on('data', read);
      catalog?.once('exit', (code) => reject(new Error(`the catalog exited (${code}): ${out}`)));
    });
  });
  afterAll(() => {
    catalog?.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  });

  const run = (file: string, args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        process.execPath,
        [file, ...args],
        {
          cwd: examples,
          env: { ...process.env, PACT_BROKER_BASE_URL: url, PACT_BROKER_TOKEN: TOKEN, ...env },
          timeout: 300_000,
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number((error as { code?: number }).code ?? 1) : 0,
            out: `${stdout}${stderr}`,
          }),
      );
    });
  const broker = (args: string[]) =>
    run(require.resolve('@pact-foundation/pact-cli/bin/pact-broker.js'), args);

  it(
    'publishes pacts and verification results, then answers can-i-deploy',
    { timeout: 400_000 },
    async () => {
      const contracts = await run(
        join(examples, '../../node_modules/vitest/vitest.mjs'),
        ['run', 'src/contracts/shop-crm.contract.test.ts', 'src/contracts/crm-mailer.contract.test.ts'],
        {
          PACT_DIR: join(work, 'pacts'),
          GIT_COMMIT: '1.0.0',
          GIT_BRANCH: 'main',
          NO_COLOR: '1',
          FORCE_COLOR: '0',
        },
      );
      expect(contracts.out).toMatch(/Test Files\s+2 passed/);
      expect(contracts.code).toBe(0);

      const matrix = (await (
        await fetch(
          `${url}/matrix?q[][pacticipant]=shop&q[][version]=1.0.0&q[][pacticipant]=crm&q[][version]=1.0.0&latestby=cvpv`,
          {
            headers: { authorization: `Bearer ${TOKEN}` },
          },
        )
      ).json()) as {
        summary: { deployable: boolean };
        matrix: { verificationResult: { success: boolean } | null }[];
      };
      expect(matrix.summary.deployable).toBe(true);
      expect(matrix.matrix.map((r) => r.verificationResult?.success)).toEqual([true]);

      expect((await broker(['create-environment', '--name', 'production', '--production'])).code).toBe(0);
      // Nothing is in production yet: the shop needs the CRM there first.
      expect(
        (
          await broker([
            'can-i-deploy',
            '--pacticipant',
            'shop',
            '--version',
            '1.0.0',
            '--to-environment',
            'production',
          ])
        ).code,
      ).toBe(1);
      for (const service of ['mailer', 'crm'])
        expect(
          (
            await broker([
              'record-deployment',
              '--pacticipant',
              service,
              '--version',
              '1.0.0',
              '--environment',
              'production',
            ])
          ).code,
        ).toBe(0);
      const yes = await broker([
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
    },
  );
});
