import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSpecError, loadSpecText } from './index.js';

const files: Record<string, string> = {
  '/schemas/pet.yaml':
    'Pet:\n  type: object\n  properties:\n    name: {type: string}\n    owner: {$ref: "people.yaml#/Person"}\n',
  '/schemas/people.yaml': 'Person:\n  type: object\n  properties:\n    email: {type: string}\n',
  '/big.yaml': `Big:\n  description: "${'a'.repeat(5000)}"\n`,
};

describe('$refs to URLs', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const body = files[req.url ?? ''];
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/yaml' }).end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const spec = (ref: string, second = ref) =>
    `openapi: 3.0.3\ninfo: {title: Pets, version: "1"}\npaths:\n  /pets:\n    get:\n      responses:\n` +
    `        "200":\n          description: ok\n          content:\n            application/json:\n` +
    `              schema:\n                $ref: "${ref}"\n        "201":\n          description: ok\n` +
    `          content:\n            application/json:\n              schema:\n                $ref: "${second}"\n`;
  const loadError = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isSpecError(error)) throw new Error(`expected a SpecError, got ${String(error)}`);
    return error;
  };

  it('are refused, and nothing is fetched, unless the caller allows them', async () => {
    requests.length = 0;
    const error = await loadError(loadSpecText(spec(`${base}/schemas/pet.yaml#/Pet`)));
    expect(error).toMatchObject({ code: 'ref-not-allowed', line: 12 });
    expect(requests).toEqual([]);
  });

  it('are fetched once each when allowed, with the relative refs inside them taken as URLs', async () => {
    requests.length = 0;
    const { document } = await loadSpecText(spec(`${base}/schemas/pet.yaml#/Pet`), { allowUrlRefs: true });
    const text = JSON.stringify(document);
    expect(text).toContain('"email"');
    expect(text).not.toContain(base);
    expect(requests.sort()).toEqual(['/schemas/people.yaml', '/schemas/pet.yaml']);
  });

  it('say which URL could not be fetched and why, and where it was named', async () => {
    const error = await loadError(
      loadSpecText(spec(`${base}/schemas/pet.yaml#/Pet`, `${base}/gone.yaml#/X`), { allowUrlRefs: true }),
    );
    expect(error).toMatchObject({ code: 'ref-not-found', line: 18 });
    expect(error.message).toContain(`${base}/gone.yaml cannot be fetched: HTTP 404`);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await loadError(
      loadSpecText(spec(`http://127.0.0.1:${port}/a.yaml`), { allowUrlRefs: true }),
    );
    expect(refused.message).toMatch(/cannot be fetched: ECONNREFUSED/);
  });

  it('are http or https only, and within the size limit', async () => {
    const file = await loadError(loadSpecText(spec('file:///etc/passwd'), { allowUrlRefs: true }));
    expect(file).toMatchObject({ code: 'ref-not-allowed', line: 12 });
    expect(file.message).toMatch(/only http and https/);
    const big = await loadError(
      loadSpecText(spec(`${base}/big.yaml#/Big`), { allowUrlRefs: true, maxBytes: 2000 }),
    );
    expect(big.code).toBe('too-large');
  });
});
