import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createLinter, type Linter } from '../lint-document.js';
import { interlockRulesetIds } from './interlock-recommended.js';
import { interlockRuleIds } from './rule-docs.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const docs = join(repo, 'libs', 'lint', 'docs', 'rules');

/** A minimal OpenAPI 3.1 document that passes every rule; each case changes one thing. */
function spec(paths: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return stringify({
    openapi: '3.1.0',
    info: { title: 'T', version: '1.0.0', description: 'T.', contact: { email: 'a@b.test' } },
    servers: [{ url: 'https://api.acme.test/t/v1' }],
    tags: [{ name: 'orders', description: 'Orders.' }],
    security: [{ key: [] }],
    paths,
    components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } },
    ...extra,
  }).replace(/^security: null\n/m, '');
}
const ok = { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } };
function op(extra: Record<string, unknown> = {}, id = 'getOrder'): Record<string, unknown> {
  const operation: Record<string, unknown> = {
    operationId: id,
    summary: 'S',
    description: 'D.',
    tags: ['orders'],
    responses: ok,
    ...extra,
  };
  for (const [key, value] of Object.entries(operation)) if (value === undefined) delete operation[key];
  return operation;
}
const page = {
  type: 'object',
  properties: { items: { type: 'array', items: { type: 'object' } }, nextCursor: { type: 'string' } },
};
const paged = {
  parameters: [
    { name: 'limit', in: 'query', schema: { type: 'integer' } },
    { name: 'cursor', in: 'query', schema: { type: 'string' } },
  ],
  responses: { '200': { description: 'OK', content: { 'application/json': { schema: page } } } },
};

const cases: { rule: string; name: string; document: string; paths: string[] }[] = [
  {
    rule: 'path-kebab-case',
    name: 'camelCase segment',
    document: spec({ '/orderItems': { get: op() } }),
    paths: ['paths./orderItems'],
  },
  {
    rule: 'path-kebab-case',
    name: 'kebab-case passes',
    document: spec({ '/order-items/{itemId}': { get: op() } }),
    paths: [],
  },
  {
    rule: 'collection-plural',
    name: 'singular collection',
    document: spec({ '/order/{orderId}': { get: op() } }),
    paths: ['paths./order/{orderId}'],
  },
  {
    rule: 'collection-plural',
    name: 'a path fixed by another protocol, exempted on its path item with a reason',
    document: spec({
      '/pacts/provider/{provider}': {
        'x-interlock-lint': { ignore: ['collection-plural'], reason: 'Pact Broker path' },
        get: op(),
      },
      '/order/{orderId}': { 'x-interlock-lint': { ignore: ['collection-plural'] }, get: op() },
    }),
    paths: ['paths./order/{orderId}'],
  },
  {
    rule: 'property-camel-case',
    name: "HAL's _links and _embedded",
    document: spec({
      '/orders': {
        get: op({
          responses: {
            '200': {
              description: 'OK',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      _links: { type: 'object' },
                      _embedded: { type: 'object' },
                      _meta: { type: 'object' },
                    },
                  },
                },
              },
            },
          },
        }),
      },
    }),
    paths: ['paths./orders.get.responses.200.content.application/json.schema.properties._meta'],
  },
  {
    rule: 'collection-plural',
    name: 'plural passes',
    document: spec({ '/categories/{id}': { get: op() } }),
    paths: [],
  },
  {
    rule: 'property-camel-case',
    name: 'snake_case property',
    document: spec({
      '/orders': {
        get: op({
          responses: {
            '200': {
              description: 'OK',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { order_id: { type: 'string' } } },
                },
              },
            },
          },
        }),
      },
    }),
    paths: ['paths./orders.get.responses.200.content.application/json.schema.properties.order_id'],
  },
  {
    rule: 'operation-summary',
    name: 'no summary',
    document: spec({ '/orders': { get: op({ summary: undefined }) } }),
    paths: ['paths./orders.get'],
  },
  {
    rule: 'operation-success-response',
    name: '200 without schema',
    document: spec({ '/orders': { get: op({ responses: { '200': { description: 'OK' } } }) } }),
    paths: ['paths./orders.get.responses.200'],
  },
  {
    rule: 'operation-success-response',
    name: '204 passes',
    document: spec({
      '/orders': { delete: op({ responses: { '204': { description: 'Gone' } } }, 'deleteOrders') },
    }),
    paths: [],
  },
  {
    rule: 'problem-json-errors',
    name: 'plain JSON error',
    document: spec({
      '/orders': {
        get: op({
          responses: {
            ...ok,
            '404': { description: 'No', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        }),
      },
    }),
    paths: ['paths./orders.get.responses.404.content'],
  },
  {
    rule: 'problem-json-errors',
    name: 'exempted with a reason',
    document: spec({
      '/orders': {
        get: op({
          'x-interlock-lint': { ignore: ['problem-json-errors'], reason: 'protocol' },
          responses: {
            ...ok,
            '404': { description: 'No', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        }),
      },
    }),
    paths: [],
  },
  {
    rule: 'list-pagination',
    name: 'list without paging',
    document: spec({ '/orders': { get: op({}, 'listOrders') } }),
    paths: [
      'paths./orders.get',
      'paths./orders.get',
      'paths./orders.get.responses.200.content.application/json.schema',
    ],
  },
  {
    rule: 'list-pagination',
    name: 'limit + cursor + items/nextCursor passes',
    document: spec({ '/orders': { get: op(paged, 'listOrders') } }),
    paths: [],
  },
  {
    rule: 'operation-security',
    name: 'public write',
    document: spec({ '/orders': { post: op({ security: [] }, 'createOrder') } }),
    paths: ['paths./orders.post.security'],
  },
  {
    rule: 'operation-security',
    name: 'no security anywhere',
    document: spec({ '/orders': { get: op() } }, { security: undefined }),
    paths: ['paths./orders.get'],
  },
  {
    rule: 'operation-security',
    name: 'declared public read passes',
    document: spec({ '/orders': { get: op({ security: [] }) } }),
    paths: [],
  },
  {
    rule: 'deprecated-operation-replacement',
    name: 'no replacement named',
    document: spec({ '/orders': { get: op({ deprecated: true, 'x-sunset': '2027-01-01' }) } }),
    paths: ['paths./orders.get.description'],
  },
  {
    rule: 'deprecated-operation-replacement',
    name: 'replacement named',
    document: spec({
      '/orders': {
        get: op({ deprecated: true, 'x-sunset': '2027-01-01', description: 'Use listOrders instead.' }),
      },
    }),
    paths: [],
  },
  {
    rule: 'deprecated-operation-sunset',
    name: 'no sunset',
    document: spec({ '/orders': { get: op({ deprecated: true, description: 'Use x instead.' }) } }),
    paths: ['paths./orders.get'],
  },
];

describe('interlock:recommended', () => {
  let linter: Linter;
  beforeAll(async () => {
    linter = await createLinter({ root: repo });
  });

  it.each(cases)('$rule: $name', async ({ rule, document, paths }) => {
    const { findings } = await linter.lint(join(repo, 'case.yaml'), document);
    expect(findings.filter((f) => f.code === rule).map((f) => f.path.join('.'))).toEqual(paths);
  });

  it('passes the organisation specs with no errors', async () => {
    const specs = [
      ...readdirSync(join(repo, 'specs'))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(repo, 'specs', f)),
      join(repo, 'specs', 'crm', 'crm.openapi.yaml'),
    ];
    expect(specs.length).toBeGreaterThanOrEqual(5);
    for (const file of specs) {
      const { findings } = await linter.lint(file);
      expect({ file, errors: findings.filter((f) => f.severity === 'error') }).toEqual({ file, errors: [] });
    }
  });

  it('lists the same rule ids apart from the rules (rule-docs.ts) as the ruleset has', () => {
    expect(interlockRuleIds).toEqual(interlockRulesetIds);
  });

  it('has a documentation page for every organisation rule, and findings link to it', async () => {
    const pages = new Set(readdirSync(docs).map((f) => f.replace(/\.md$/, '')));
    for (const id of interlockRuleIds) expect(pages.has(id), `docs/rules/${id}.md`).toBe(true);
    const { findings } = await linter.lint(join(repo, 'case.yaml'), spec({ '/orderItems': { get: op() } }));
    const finding = findings.find((f) => f.code === 'path-kebab-case');
    expect(finding?.documentationUrl).toMatch(/docs\/rules\/path-kebab-case\.md$/);
    expect(finding?.message).toContain('"orderItems" is not kebab-case');
  });
});
