import { describe, expect, it } from 'vitest';
import { createRouteMatcher } from './route-matcher.js';
import type { Api, HttpMethod, Operation } from './types.js';

const op = (method: HttpMethod, path: string): Operation => ({
  key: `${method} ${path}`,
  method,
  path,
  tags: [],
  deprecated: false,
  parameters: [],
  responses: [],
  security: [],
  extensions: {},
  location: { file: 'x.yaml', line: 1, column: 1, pointer: '' },
});

const api: Pick<Api, 'operations' | 'servers'> = {
  servers: [{ url: 'https://api.example.com/shop/v1', basePath: '/shop/v1' }],
  operations: [
    op('GET', '/customers'),
    op('POST', '/customers'),
    op('GET', '/customers/{customerId}'),
    op('GET', '/customers/me'),
    op('GET', '/customers/{customerId}/orders/{orderId}'),
    op('GET', '/files/{name}.{ext}'),
    op('GET', '/'),
  ],
};
const matcher = createRouteMatcher(api);

describe('createRouteMatcher', () => {
  it.each([
    ['GET', '/customers', 'GET /customers', {}],
    ['post', '/customers/', 'POST /customers', {}],
    ['GET', '/customers/42', 'GET /customers/{customerId}', { customerId: '42' }],
    ['GET', '/customers/me', 'GET /customers/me', {}],
    ['GET', '/shop/v1/customers/42?expand=orders', 'GET /customers/{customerId}', { customerId: '42' }],
    [
      'GET',
      'https://api.example.com/shop/v1/customers/42',
      'GET /customers/{customerId}',
      { customerId: '42' },
    ],
    [
      'GET',
      '/customers/a%2Fb/orders/7',
      'GET /customers/{customerId}/orders/{orderId}',
      { customerId: 'a/b', orderId: '7' },
    ],
    ['GET', '/customers/{id}', 'GET /customers/{customerId}', { customerId: '{id}' }],
    [
      'GET',
      '/customers/:id/orders/:orderId',
      'GET /customers/{customerId}/orders/{orderId}',
      { customerId: '{id}', orderId: '{orderId}' },
    ],
    ['GET', '/files/report.pdf', 'GET /files/{name}.{ext}', { name: 'report', ext: 'pdf' }],
    ['HEAD', '/customers', 'GET /customers', {}],
    ['GET', '/shop/v1', 'GET /', {}],
  ])('%s %s → %s', (method, path, key, params) => {
    const hit = matcher.match(method, path);
    expect(hit?.operation.key).toBe(key);
    expect(hit?.params).toEqual(params);
  });

  it.each([
    ['DELETE', '/customers'],
    ['GET', '/customers/42/orders'],
    ['GET', '/unknown'],
    ['GET', '/customers/me/extra/segments'],
  ])('%s %s matches nothing', (method, path) => {
    expect(matcher.match(method, path)).toBeUndefined();
  });

  it('a template names a static route only by the same text', () => {
    expect(matcher.match('GET', '/customers/{customerId}')?.operation.key).toBe(
      'GET /customers/{customerId}',
    );
    expect(matcher.match('GET', '/customers/me')?.operation.key).toBe('GET /customers/me');
  });
});
