import { NEWSLETTER_LIST_ID } from './mailer/app.js';

export interface TrafficOptions {
  /** Stop after this many rounds (default: until the signal aborts). */
  rounds?: number;
  /** Pause between rounds, in ms (default 200). */
  pauseMs?: number;
  signal?: AbortSignal;
}

export interface TrafficSummary {
  requests: number;
  /** Responses by status class, e.g. `{ '2xx': 120, '4xx': 9 }`. */
  statuses: Record<string, number>;
}

type Urls = { shop: string; crm: string; mailer: string };

/**
 * Calls the example services the way their consumers would, so that usage reports have something to show within a
 * minute: a storefront browsing and ordering (which makes the shop call the CRM), a back office, a newsletter form
 * granting and withdrawing consents (which makes the CRM call the mailer), a marketing tool, a legacy invoicing job
 * still calling the deprecated invoice operation, a mobile app calling an endpoint no spec documents, and a few
 * invalid requests.
 */
export async function generateTraffic(urls: Urls, options: TrafficOptions = {}): Promise<TrafficSummary> {
  const summary: TrafficSummary = { requests: 0, statuses: {} };
  const call = async (
    consumer: string,
    base: string,
    method: string,
    path: string,
    body?: unknown,
    headers = {},
  ) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${consumer}-token`,
        'x-consumer-id': consumer,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    summary.requests++;
    const bucket = `${Math.floor(response.status / 100)}xx`;
    summary.statuses[bucket] = (summary.statuses[bucket] ?? 0) + 1;
    const text = await response.text();
    return {
      status: response.status,
      body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined,
    };
  };

  // A catalogue and customers to work with.
  const products: string[] = [];
  for (const [name, category, amount] of [
    ['Trail running shoe', 'shoes', 8900],
    ['City sneaker', 'shoes', 6500],
    ['Rain jacket', 'jackets', 12900],
    ['Weekender bag', 'bags', 7900],
  ] as const) {
    const created = await call('back-office', urls.shop, 'POST', '/products', {
      name,
      category,
      price: { amount, currency: 'EUR' },
      stockLevel: 50,
    });
    if (created.body?.id) products.push(created.body.id);
  }
  let round = 0;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
  while (!options.signal?.aborted && (options.rounds === undefined || round < options.rounds)) {
    round++;
    try {
      const customer = await call('newsletter-form', urls.crm, 'POST', '/customers', {
        email: `customer${round}-${Date.now()}@acme.test`,
        locale: pick(['en-GB', 'de-DE', 'fr-FR']),
      });
      const customerId: string = customer.body?.id;
      if (round % 2 === 0)
        await call('newsletter-form', urls.crm, 'POST', `/customers/${customerId}/consents`, {
          purpose: 'marketing-email',
          source: 'newsletter-form',
        });

      await call('storefront', urls.shop, 'GET', '/products?limit=10');
      await call('storefront', urls.shop, 'GET', `/products/${pick(products)}`);
      await call('storefront', urls.shop, 'GET', '/product-categories');
      const cart = await call('storefront', urls.shop, 'POST', '/carts', { customerId });
      await call('storefront', urls.shop, 'POST', `/carts/${cart.body?.id}/line-items`, {
        productId: pick(products),
        quantity: 1 + (round % 3),
      });
      const order = await call(
        'storefront',
        urls.shop,
        'POST',
        '/orders',
        { cartId: cart.body?.id, customerId },
        {
          'idempotency-key': crypto.randomUUID(),
        },
      );
      const orderId: string = order.body?.id;
      await call('storefront', urls.shop, 'GET', `/orders/${orderId}`);
      await call('legacy-invoicing', urls.shop, 'GET', `/orders/${orderId}/invoice`);
      if (round % 3 === 0) await call('storefront', urls.shop, 'GET', `/orders/${orderId}/documents/invoice`);
      if (round % 4 === 0) await call('mobile-app', urls.shop, 'GET', `/orders/${orderId}/tracking`);
      if (round % 5 === 0)
        await call('storefront', urls.shop, 'POST', '/carts/not-a-cart/line-items', { quantity: 0 });

      await call('back-office', urls.shop, 'GET', '/orders?limit=20');
      if (round % 3 === 0) await call('back-office', urls.crm, 'GET', '/customers?limit=50');
      if (round % 2 === 0)
        await call(
          'newsletter-form',
          urls.crm,
          'DELETE',
          `/customers/${customerId}/consents/marketing-email`,
        );
      if (round % 6 === 0) {
        const campaign = await call('marketing-tool', urls.mailer, 'POST', '/campaigns', {
          listId: NEWSLETTER_LIST_ID,
          subject: `News #${round}`,
          html: '<p>Hello</p>',
        });
        await call('marketing-tool', urls.mailer, 'GET', `/campaigns/${campaign.body?.id}/stats`);
        await call('marketing-tool', urls.mailer, 'GET', `/lists/${NEWSLETTER_LIST_ID}/subscribers?limit=50`);
      }
    } catch (error) {
      if (options.signal?.aborted) break;
      throw error;
    }
    if (options.pauseMs !== 0) await new Promise((r) => setTimeout(r, options.pauseMs ?? 200));
  }
  return summary;
}
