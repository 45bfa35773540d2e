import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createStore, type Store } from '@interlock/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexFolder, prepareText, startLintQueue } from './index.js';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));
// The lint library's own fixture: a rule that never returns on specs carrying x-hang.
const hangRuleset = createRequire(import.meta.url).resolve('@interlock/lint/fixtures/hang-ruleset.js');

/** A small spec with design problems: no contact, no summaries, no descriptions. */
const sloppy = (version: string, extra = '') => `openapi: 3.1.0
info:
  title: Sloppy
  version: ${version}
${extra}paths:
  /things:
    get:
      responses:
        '200':
          description: OK
`;

async function publish(store: Store, apiId: string, text: string) {
  const result = await store.publish(await prepareText(text, { apiId, filename: `${apiId}.yaml` }));
  expect(result.status).toBe('created');
  return { apiId, version: result.status === 'created' ? result.version.version : '' };
}

describe('startLintQueue', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createStore({ dataDir: 'memory://' });
  });
  afterAll(() => store.close());

  it('lints what indexing publishes in the background, storing findings, counts and a grade', async () => {
    const queue = await startLintQueue(store, { workers: 1 });
    try {
      const summary = await indexFolder(store, specs, { lint: queue });
      expect(summary.failed).toEqual([]);
      // Indexing did not wait: the first spec's lint cannot be done (its worker takes seconds to start).
      const first = summary.created[0] as { apiId: string; version: string };
      expect((await store.lint.get(first))?.status).not.toBe('done');
      const sloppyKey = await publish(store, 'sloppy', sloppy('1.0.0'));
      queue.enqueue(sloppyKey);
      await queue.idle();
      for (const key of summary.created)
        expect(await store.lint.get(key), key.apiId).toMatchObject({
          status: 'done',
          grade: expect.any(String),
        });
      expect((await store.lint.get({ apiId: 'shop', version: '1.4.0' }))?.grade).toBe('A');
      const lint = await store.lint.get(sloppyKey);
      expect(lint).toMatchObject({ status: 'done', rulesetHash: queue.rulesetHash });
      expect(lint?.grade).not.toBe('A');
      expect(lint?.counts.error).toBeGreaterThan(0);
      const summaryFinding = lint?.findings.find((f) => f.code === 'operation-summary');
      expect(summaryFinding).toMatchObject({
        severity: 'error',
        path: ['paths', '/things', 'get'],
        range: { start: { line: 6 } },
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      expect(summaryFinding).not.toHaveProperty('source');
      expect((await store.getApi('sloppy'))?.grade).toBe(lint?.grade);
    } finally {
      await queue.close();
    }
  });

  it('keeps a finding’s fingerprint across versions of an API', async () => {
    const queue = await startLintQueue(store);
    try {
      const next = await publish(store, 'sloppy', sloppy('1.1.0', 'x-note: a change elsewhere\n'));
      queue.enqueue(next);
      await queue.idle();
      const fingerprints = async (version: string) =>
        (await store.lint.get({ apiId: 'sloppy', version }))?.findings
          .filter((f) => f.code === 'operation-summary')
          .map((f) => f.fingerprint);
      expect(await fingerprints('1.1.0')).toEqual(await fingerprints('1.0.0'));
    } finally {
      await queue.close();
    }
  });

  it('at start, lints every version without a result for its ruleset; a spec past the time limit is timed-out', async () => {
    const hang = await publish(store, 'hang', sloppy('1.0.0', 'x-hang: true\n'));
    const queue = await startLintQueue(store, { ruleset: hangRuleset, timeoutMs: 2_000 });
    try {
      await queue.idle();
      expect(await store.lint.get(hang)).toMatchObject({
        status: 'timed-out',
        grade: null,
        message: expect.stringMatching(/longer than 2 s/),
      });
      const shop = await store.lint.get({ apiId: 'shop', version: '1.4.0' });
      expect(shop).toMatchObject({ status: 'done', rulesetHash: queue.rulesetHash });
      expect((await store.getApi('hang'))?.grade).toBeNull();
    } finally {
      await queue.close();
    }
  });

  it('gives a version under way back to the queue when it closes', async () => {
    const queue = await startLintQueue(store, { ruleset: hangRuleset, timeoutMs: 60_000 });
    const again = await publish(store, 'hang', sloppy('2.0.0', 'x-hang: true\n'));
    queue.enqueue(again);
    await expect.poll(async () => (await store.lint.get(again))?.status, { timeout: 30_000 }).toBe('running');
    await queue.close();
    expect((await store.lint.get(again))?.status).toBe('queued');
  });
});
