import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));

describe('generated types', () => {
  it.each([
    ['shop', 'shop.openapi.yaml'],
    ['crm', 'crm/crm.openapi.yaml'],
    ['mailer', 'mailer.openapi.yaml'],
  ])('%s.ts matches its spec (run `npm run generate -w @interlock/examples`)', async (name, spec) => {
    const { default: openapiTS, astToString } = await import('openapi-typescript');
    const fresh = astToString(await openapiTS(new URL(`file://${specs}${spec}`)));
    const committed = readFileSync(fileURLToPath(new URL(`./generated/${name}.ts`, import.meta.url)), 'utf8');
    expect(committed).toContain(fresh.trim());
  });
});
