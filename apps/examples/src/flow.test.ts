import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEWSLETTER_LIST_ID, startExamples, type RunningExamples } from './index.js';

let running: RunningExamples;
beforeAll(async () => {
  running = await startExamples();
});
afterAll(() => running?.close());

const call = async (
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: 'Bearer test',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text,
  };
};

describe('the example services, calling each other over HTTP', () => {
  it('places an order: the shop looks the customer and their consent up in the CRM, which told the mailer', async () => {
    const { shop, crm, mailer } = running.urls;
    const customer = await call(crm, 'POST', '/customers', {
      email: 'Ada@acme.test',
      firstName: 'Ada',
      locale: 'en-GB',
    });
    expect(customer.status).toBe(201);
    expect(customer.body.email).toBe('ada@acme.test');
    const consent = await call(crm, 'POST', `/customers/${customer.body.id}/consents`, {
      purpose: 'marketing-email',
      source: 'checkout',
    });
    expect(consent.status).toBe(201);
    const subscriber = await call(
      mailer,
      'GET',
      `/lists/${NEWSLETTER_LIST_ID}/subscribers/${customer.body.id}`,
    );
    expect(subscriber.body).toMatchObject({
      email: 'ada@acme.test',
      externalId: customer.body.id,
      status: 'subscribed',
    });

    const product = await call(shop, 'POST', '/products', {
      name: 'Trail shoe',
      category: 'shoes',
      price: { amount: 4999, currency: 'EUR' },
      stockLevel: 5,
    });
    expect(product.status).toBe(201);
    const cart = await call(shop, 'POST', '/carts', { customerId: customer.body.id });
    const filled = await call(shop, 'POST', `/carts/${cart.body.id}/line-items`, {
      productId: product.body.id,
      quantity: 2,
    });
    expect(filled.body.total).toEqual({ amount: 9998, currency: 'EUR' });
    const key = '7d1f0c2a-9b8e-4a6d-b5c4-3e2f1a0b9c8d';
    const order = await call(
      shop,
      'POST',
      '/orders',
      { cartId: cart.body.id, customerId: customer.body.id },
      { 'idempotency-key': key },
    );
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({
      customerId: customer.body.id,
      status: 'placed',
      total: { amount: 9998 },
    });
    expect(running.state.shop.orderUpdateRecipients.has('ada@acme.test')).toBe(true);
    const again = await call(
      shop,
      'POST',
      '/orders',
      { cartId: cart.body.id, customerId: customer.body.id },
      { 'idempotency-key': key },
    );
    expect(again.body.id).toBe(order.body.id);
    const reordered = await call(
      shop,
      'POST',
      '/orders',
      { cartId: cart.body.id, customerId: customer.body.id },
      { 'idempotency-key': crypto.randomUUID() },
    );
    expect(reordered.status).toBe(409);

    const withdrawn = await call(crm, 'DELETE', `/customers/${customer.body.id}/consents/marketing-email`);
    expect(withdrawn.body).toMatchObject({ purpose: 'marketing-email', granted: false });
    const after = await call(mailer, 'GET', `/lists/${NEWSLETTER_LIST_ID}/subscribers/${customer.body.id}`);
    expect(after.body.status).toBe('unsubscribed');
  });

  it('refuses an order for a customer the CRM does not know, saying which field is wrong', async () => {
    const { shop } = running.urls;
    const product = await call(shop, 'POST', '/products', {
      name: 'Bag',
      category: 'bags',
      price: { amount: 1000, currency: 'EUR' },
      stockLevel: 1,
    });
    const cart = await call(shop, 'POST', '/carts');
    await call(shop, 'POST', `/carts/${cart.body.id}/line-items`, {
      productId: product.body.id,
      quantity: 1,
    });
    const order = await call(
      shop,
      'POST',
      '/orders',
      { cartId: cart.body.id, customerId: crypto.randomUUID() },
      { 'idempotency-key': crypto.randomUUID() },
    );
    expect(order.status).toBe(400);
    expect(order.headers.get('content-type')).toBe('application/problem+json');
    expect(order.body.errors[0].pointer).toBe('/customerId');
  });

  it('answers bad requests with problem details and keeps serving', async () => {
    const { crm, shop } = running.urls;
    const malformed = await call(crm, 'POST', '/customers', '{"email": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({
      status: 400,
      errors: [{ pointer: '', detail: 'the body is not valid JSON' }],
    });
    const invalid = await call(crm, 'POST', '/customers', { email: 'not-an-address', locale: 'english' });
    expect(invalid.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/email', '/locale']);
    const anonymous = await fetch(`${crm}/customers`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const publicRead = await fetch(`${shop}/products?limit=1`);
    expect(publicRead.status).toBe(200);
    const badLimit = await call(shop, 'GET', '/products?limit=500');
    expect(badLimit.body.errors[0].pointer).toBe('/limit');
    const cart = await call(shop, 'POST', '/carts', '{oops');
    expect(cart.status).toBe(400);
    const unknown = await call(crm, 'GET', '/nowhere');
    expect(unknown.status).toBe(404);
  });

  it('paginates with limit and cursor until nextCursor is absent', async () => {
    const { crm } = running.urls;
    for (let i = 0; i < 5; i++) await call(crm, 'POST', '/customers', { email: `page${i}@acme.test` });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(crm, 'GET', `/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: { email: string }) => c.email));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['page0@acme.test', 'page4@acme.test']));
  });

  it('segments customers by nested rules', async () => {
    const { crm } = running.urls;
    await call(crm, 'POST', '/customers', {
      email: 'hans@acme.test',
      locale: 'de-DE',
      address: { country: 'DE' },
    });
    await call(crm, 'POST', '/customers', {
      email: 'anna@acme.test',
      locale: 'de-AT',
      address: { country: 'AT' },
    });
    const segment = await call(crm, 'POST', '/segments', {
      name: 'German speakers in Austria',
      rule: {
        allOf: [
          { field: 'locale', operator: 'startsWith', value: 'de' },
          { anyOf: [{ field: 'address.country', operator: 'equals', value: 'AT' }] },
        ],
      },
    });
    expect(segment.body.memberCount).toBe(1);
    const members = await call(crm, 'GET', `/segments/${segment.body.id}/members`);
    expect(members.body.items.map((c: { email: string }) => c.email)).toEqual(['anna@acme.test']);
    const bad = await call(crm, 'POST', '/segments', {
      name: 'x',
      rule: { allOf: [{ field: 'shoeSize', operator: 'equals', value: '42' }] },
    });
    expect(bad.body.errors[0].pointer).toBe('/rule/allOf/0/field');
  });

  it('marks the deprecated invoice operation with its sunset, and serves the new one as JSON or PDF', async () => {
    const { shop, crm } = running.urls;
    const customer = await call(crm, 'POST', '/customers', { email: 'grace@acme.test' });
    const product = await call(shop, 'POST', '/products', {
      name: 'Jacket',
      category: 'jackets',
      price: { amount: 12000, currency: 'EUR' },
      stockLevel: 3,
    });
    const cart = await call(shop, 'POST', '/carts');
    await call(shop, 'POST', `/carts/${cart.body.id}/line-items`, {
      productId: product.body.id,
      quantity: 1,
    });
    const order = await call(
      shop,
      'POST',
      '/orders',
      { cartId: cart.body.id, customerId: customer.body.id },
      { 'idempotency-key': crypto.randomUUID() },
    );
    const old = await call(shop, 'GET', `/orders/${order.body.id}/invoice`);
    expect(old.headers.get('sunset')).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(old.body.total).toEqual({ amount: 12000, currency: 'EUR' });
    const pdf = await call(shop, 'GET', `/orders/${order.body.id}/documents/invoice`, undefined, {
      accept: 'application/pdf',
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.body).toMatch(/^%PDF-1\.4[\s\S]*Invoice INV-\d{4}-[0-9A-F]{8}: 120\.00 EUR[\s\S]*%%EOF\n$/);
    const cancelled = await call(shop, 'POST', `/orders/${order.body.id}/cancellation`, {
      reason: 'Wrong size.',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellationReason: 'Wrong size.' });
  });
});
