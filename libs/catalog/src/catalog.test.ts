import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec } from '@interlock/openapi';
import { createStore, type Store } from '@interlock/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureAdminToken,
  findSpecFiles,
  hashToken,
  idForPath,
  indexFolder,
  publishSpec,
  verifyToken,
} from './index.js';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));

describe('indexFolder', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createStore({ dataDir: 'memory://' });
  });
  afterAll(() => store.close());

  it('finds root spec files, not the files they refer to', async () => {
    const files = await findSpecFiles(specs);
    expect(files).toEqual(
      expect.arrayContaining(['crm/crm.openapi.yaml', 'mailer.openapi.yaml', 'shop.openapi.yaml']),
    );
    expect(files.some((f) => f.includes('schemas/'))).toBe(false);
    expect(files).toEqual([...files].sort()); // read concurrently, listed in order
  });

  it('indexes the example specs, then finds nothing new in them', async () => {
    const first = await indexFolder(store, specs);
    expect(first.failed).toEqual([]);
    expect(first.created.map((c) => c.apiId)).toEqual(expect.arrayContaining(['crm', 'mailer', 'shop']));
    expect(first.operations).toBeGreaterThan(30);
    const again = await indexFolder(store, specs);
    expect(again.created).toEqual([]);
    expect(again.unchanged).toBe(first.total);
    const crm = await store.getSpecText('crm', 'latest');
    expect(crm?.mediaType).toBe('application/json'); // a multi-file spec is kept bundled, self-contained
    expect(crm?.text).not.toContain('./schemas/');
  });

  it('serves each indexed version with the model a load of its files gives, lines and columns included', async () => {
    for (const [id, file] of [
      ['shop', 'shop.openapi.yaml'],
      ['crm', 'crm/crm.openapi.yaml'], // several files: its model is stored as it is indexed
    ] as const) {
      const { api } = await loadSpec(join(specs, file));
      api.id = id;
      expect((await store.getVersion(id, 'latest'))?.api).toEqual(api);
    }
    const shop = await store.getVersion('shop', 'latest');
    expect(shop?.api.operations[0]?.location).toMatchObject({ file: 'shop.openapi.yaml' });
    expect(shop?.api.operations[0]?.location.line).toBeGreaterThan(1);
  });

  it('indexes a folder with spec files of over 10 MB among small ones on workers, in batches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-large-'));
    const spec = (title: string, paths: number, padding = '') =>
      JSON.stringify({
        openapi: '3.1.0',
        info: { title, version: '1.0.0' },
        paths: Object.fromEntries(
          Array.from({ length: paths }, (_, i) => [
            `/things${i}`,
            {
              get: {
                summary: `Read thing ${i}`,
                description: padding,
                responses: { '200': { description: 'OK' } },
              },
            },
          ]),
        ),
      });
    writeFileSync(join(dir, 'large.json'), spec('Large', 2000, 'x'.repeat(5500)));
    writeFileSync(join(dir, 'larger.json'), spec('Larger', 2100, 'y'.repeat(5500)));
    for (let i = 0; i < 12; i++) writeFileSync(join(dir, `small-${i}.json`), spec(`Small ${i}`, 3));
    // Each large file goes to a worker of its own, replaced afterwards; with one worker, loaded in turn.
    for (const workers of [2, 1]) {
      const target = await createStore({ dataDir: 'memory://' });
      try {
        const summary = await indexFolder(target, dir, { workers });
        expect(summary.failed).toEqual([]);
        expect(summary.created).toHaveLength(14);
        expect(summary.operations).toBe(2000 + 2100 + 12 * 3);
        expect((await target.getApi('larger'))?.operationCount).toBe(2100);
        expect((await target.search('things2099')).map((h) => h.apiId)).toEqual(['larger']);
        expect((await target.search('things1999')).map((h) => h.apiId).sort()).toEqual(['large', 'larger']);
      } finally {
        await target.close();
      }
    }
  });

  it('loads on worker threads with the same outcome as in this thread', async () => {
    const onWorkers = await createStore({ dataDir: 'memory://' });
    const summary = await indexFolder(onWorkers, specs, { workers: 2 });
    expect(summary.failed).toEqual([]);
    expect(summary.created.map((c) => c.apiId).sort()).toEqual([
      'crm',
      'interlock-broker',
      'interlock-catalog',
      'interlock-collector',
      'mailer',
      'shop',
    ]);
    for (const id of ['crm', 'shop']) {
      const a = await onWorkers.getVersion(id, 'latest');
      const b = await store.getVersion(id, 'latest');
      expect(a?.hash).toBe(b?.hash);
      expect(a?.api).toEqual(b?.api);
      expect(await onWorkers.getDocument(id, 'latest')).toEqual(await store.getDocument(id, 'latest'));
    }
    expect((await onWorkers.search('consent')).length).toBe((await store.search('consent')).length);
    await onWorkers.close();
  });

  it('reports each broken spec with its reason and indexes the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-index-'));
    cpSync(join(specs, 'mailer.openapi.yaml'), join(dir, 'mailer.openapi.yaml'));
    writeFileSync(
      join(dir, 'broken.openapi.yaml'),
      'openapi: 3.1.0\ninfo: {title: x, version: "1"\npaths: {}\n',
    );
    writeFileSync(
      join(dir, 'escape.openapi.yaml'),
      'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths:\n  /x:\n    $ref: "../../etc/passwd"\n',
    );
    const summary = await indexFolder(store, dir);
    expect(summary.total).toBe(3);
    expect(summary.failed.map((f) => [f.file, f.error.code]).sort()).toEqual([
      ['broken.openapi.yaml', 'syntax'],
      ['escape.openapi.yaml', 'ref-not-allowed'],
    ]);
    expect(summary.failed.find((f) => f.error.code === 'syntax')?.error.line).toBe(3);
  });

  it("names the YAML and JSON files that are neither a spec nor $ref'd by one, on workers or not", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-index-'));
    cpSync(join(specs, 'crm'), join(dir, 'crm'), { recursive: true }); // a spec and the files it refers to
    writeFileSync(
      join(dir, 'typo.openapi.yaml'),
      'openap: 3.1.0\ninfo: {title: x, version: "1"}\npaths: {}\n',
    );
    writeFileSync(join(dir, 'crm', 'notes.yaml'), 'todo: [consents]\n');
    for (const workers of [0, 2]) {
      const summary = await indexFolder(store, dir, { workers });
      expect(summary.failed).toEqual([]);
      expect(summary.ignored).toEqual(['crm/notes.yaml', 'typo.openapi.yaml']);
    }
    // What a spec that fails to load reads is not known: nothing beside it is called ignored.
    writeFileSync(join(dir, 'crm', 'crm.openapi.yaml'), 'openapi: 3.1.0\ninfo: {title: x\n');
    expect((await indexFolder(store, dir)).ignored).toEqual(['typo.openapi.yaml']);
  });

  it('reports a changed spec whose version was not bumped as a conflict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-index-'));
    const text = 'openapi: 3.1.0\ninfo: {title: Tiny, version: "1.0.0"}\npaths: {}\n';
    writeFileSync(join(dir, 'tiny.openapi.yaml'), text);
    expect((await indexFolder(store, dir)).created).toHaveLength(1);
    writeFileSync(join(dir, 'tiny.openapi.yaml'), `${text}# edited\n`);
    const summary = await indexFolder(store, dir);
    expect(summary.failed[0]?.error).toMatchObject({
      code: 'conflict',
      hint: expect.stringMatching(/bump info.version/),
    });
  });
});

describe('idForPath', () => {
  it.each([
    ['shop.openapi.yaml', 'shop'],
    ['crm/crm.openapi.yaml', 'crm'],
    ['crm/openapi.yaml', 'crm'],
    ['acme.com/billing.json', 'acme.com-billing'],
    ['openapi.yaml', 'openapi'],
  ])('%s → %s', (path, id) => expect(idForPath(path)).toBe(id));

  it('gives files whose paths make the same id distinct ids, and keeps x-api-id', async () => {
    const store = await createStore({ dataDir: 'memory://' });
    const dir = mkdtempSync(join(tmpdir(), 'interlock-index-'));
    const spec = (title: string, extra = '') =>
      `openapi: 3.1.0\n${extra}info: {title: ${title}, version: "1.0.0"}\npaths: {}\n`;
    writeFileSync(
      join(dir, 'Master-API.json'),
      JSON.stringify({ openapi: '3.1.0', info: { title: 'A', version: '1.0.0' }, paths: {} }),
    );
    writeFileSync(join(dir, 'MasterAPI.yaml'), spec('B'));
    writeFileSync(join(dir, 'named.yaml'), spec('C', 'x-api-id: chosen-id\n'));
    const summary = await indexFolder(store, dir);
    expect(summary.failed).toEqual([]);
    expect(summary.created.map((c) => c.apiId).sort()).toEqual(['chosen-id', 'master-api', 'master-api-2']);
    await store.close();
  });
});

describe('publishSpec', () => {
  it('refuses a spec whose info.version differs from the version named', async () => {
    const store = await createStore({ dataDir: 'memory://' });
    const text = 'openapi: 3.1.0\ninfo: {title: T, version: "2.0.0"}\npaths: {}\n';
    expect(await publishSpec(store, { apiId: 't', version: '1.0.0', text })).toEqual({
      status: 'mismatch',
      field: 'version',
      expected: '1.0.0',
      actual: '2.0.0',
    });
    expect(await publishSpec(store, { apiId: 't', version: '2.0.0', text })).toMatchObject({
      status: 'created',
    });
    expect((await store.getApi('t'))?.latestVersion).toBe('2.0.0');
    await store.close();
  });
});

describe('admin token', () => {
  it('generates one token at first start, keeps only its hash, and agrees across starters', async () => {
    const store = await createStore({ dataDir: 'memory://' });
    const [a, b] = await Promise.all([ensureAdminToken(store, {}), ensureAdminToken(store, {})]);
    const generated = [a, b].filter((t) => t.generated);
    expect(generated).toHaveLength(1);
    expect(a.hash).toBe(b.hash);
    const token = generated[0]?.generated as string;
    expect(await store.getSetting('admin-token-sha256')).toBe(hashToken(token));
    expect(verifyToken(token, a.hash)).toBe(true);
    expect(verifyToken(`${token}x`, a.hash)).toBe(false);
    const later = await ensureAdminToken(store, {});
    expect(later.generated).toBeUndefined();
    expect((await ensureAdminToken(store, { INTERLOCK_ADMIN_TOKEN: 's3cret' })).hash).toBe(
      hashToken('s3cret'),
    );
    await store.close();
  });
});
