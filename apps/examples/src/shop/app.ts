import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { components } from '../generated/shop.js';
import { paginate } from '../http/pagination.js';
import { BadRequest, notFound, problem } from '../http/problem.js';
import { requireBearer, serviceApp } from '../http/service.js';
import { readBody, readOptionalBody, type Field } from '../http/validate.js';
import type { CrmClient } from './crm-client.js';

type Product = components['schemas']['Product'];
type Category = components['schemas']['Category'];
type Cart = components['schemas']['Cart'];
type Order = components['schemas']['Order'];
type Money = components['schemas']['Money'];

export interface ShopState {
  products: Map<string, Product>;
  categories: Map<string, Category>;
  carts: Map<string, Cart & { orderId?: string }>;
  orders: Map<string, Order>;
  /** Idempotency-Key → order id. */
  placed: Map<string, string>;
  /** Customers who agreed to marketing email when they ordered: they get order updates by email. */
  orderUpdateRecipients: Set<string>;
}

export function createShopState(): ShopState {
  const state: ShopState = {
    products: new Map(),
    categories: new Map(),
    carts: new Map(),
    orders: new Map(),
    placed: new Map(),
    orderUpdateRecipients: new Set(),
  };
  for (const [slug, name] of [
    ['shoes', 'Shoes'],
    ['jackets', 'Jackets'],
    ['bags', 'Bags'],
  ])
    state.categories.set(slug as string, { slug: slug as string, name: name as string });
  return state;
}

export interface ShopOptions {
  state?: ShopState;
  crm: CrmClient;
}

const money: Field = {
  type: 'object',
  required: true,
  fields: {
    amount: { type: 'integer', required: true, minimum: 0 },
    currency: { type: 'string', required: true, pattern: /^[A-Z]{3}$/ },
  },
};
const productFields = (required: boolean): Record<string, Field> => ({
  name: { type: 'string', required, maxLength: 200 },
  description: { type: 'string', maxLength: 2000 },
  category: { type: 'string', required, pattern: /^[a-z0-9-]+$/ },
  price: { ...money, required } as Field,
  stockLevel: { type: 'integer', required, minimum: 0 },
});

/** The shop service (specs/shop.openapi.yaml): products, carts and orders, kept in memory; asks the CRM about customers. */
export function createShopApp(options: ShopOptions) {
  const state = options.state ?? createShopState();
  const app = serviceApp('shop');
  // The catalogue is public; everything else needs a token.
  app.use(
    '*',
    requireBearer((c) => c.req.method === 'GET' && /^\/(products|product-categories)(\/|$)/.test(c.req.path)),
  );

  const productOf = (c: Context) => state.products.get(c.req.param('productId') ?? '');
  app.get('/products', (c) => {
    const { category, q } = c.req.query();
    const words = q?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
    const all = [...state.products.values()].reverse().filter((p) => {
      if (category && p.category !== category) return false;
      const text = `${p.name} ${p.description ?? ''}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
    return c.json(paginate(c, all));
  });
  app.post('/products', async (c) => {
    const input = await readBody<components['schemas']['ProductInput']>(c, productFields(true));
    if (!state.categories.has(input.category)) throw unknownCategory(input.category);
    const product: Product = { ...input, id: randomUUID(), createdAt: new Date().toISOString() };
    state.products.set(product.id, product);
    return c.json(product, 201, { location: `/products/${product.id}` });
  });
  app.get('/products/:productId', (c) => {
    const product = productOf(c);
    return product ? c.json(product) : notFound(c, 'product', c.req.param('productId'));
  });
  app.patch('/products/:productId', async (c) => {
    const product = productOf(c);
    if (!product) return notFound(c, 'product', c.req.param('productId'));
    const patch = await readBody<components['schemas']['ProductPatch']>(c, productFields(false), 1);
    if (patch.category && !state.categories.has(patch.category)) throw unknownCategory(patch.category);
    const { id: _id, createdAt: _createdAt, ...changes } = patch as Partial<Product>;
    Object.assign(product, changes);
    return c.json(product);
  });
  app.delete('/products/:productId', (c) => {
    const product = productOf(c);
    if (!product) return notFound(c, 'product', c.req.param('productId'));
    state.products.delete(product.id);
    return c.body(null, 204);
  });
  app.get('/product-categories', (c) => c.json(paginate(c, [...state.categories.values()])));

  const cartOf = (c: Context) => state.carts.get(c.req.param('cartId') ?? '');
  const priced = (cart: Cart) => {
    cart.total = sum(
      cart.lineItems.map((i) => ({
        amount: i.unitPrice.amount * i.quantity,
        currency: i.unitPrice.currency,
      })),
    );
    const { orderId: _orderId, ...shown } = cart as Cart & { orderId?: string };
    return shown;
  };
  app.post('/carts', async (c) => {
    const customerId = (await readOptionalBody(c))?.customerId;
    if (customerId !== undefined && typeof customerId !== 'string')
      throw new BadRequest([{ pointer: '/customerId', detail: 'must be a string' }]);
    const cart: Cart = {
      id: randomUUID(),
      ...(customerId ? { customerId } : {}),
      lineItems: [],
      total: { amount: 0, currency: 'EUR' },
    };
    state.carts.set(cart.id, cart);
    return c.json(priced(cart), 201, { location: `/carts/${cart.id}` });
  });
  app.get('/carts/:cartId', (c) => {
    const cart = cartOf(c);
    return cart ? c.json(priced(cart)) : notFound(c, 'cart', c.req.param('cartId'));
  });
  app.delete('/carts/:cartId', (c) => {
    const cart = cartOf(c);
    if (!cart) return notFound(c, 'cart', c.req.param('cartId'));
    state.carts.delete(cart.id);
    return c.body(null, 204);
  });
  app.post('/carts/:cartId/line-items', async (c) => {
    const cart = cartOf(c);
    if (!cart) return notFound(c, 'cart', c.req.param('cartId'));
    const input = await readBody<components['schemas']['LineItemInput']>(c, {
      productId: { type: 'string', required: true, format: 'uuid' },
      quantity: { type: 'integer', required: true, minimum: 1, maximum: 100 },
    });
    const product = state.products.get(input.productId);
    if (!product)
      throw new BadRequest([{ pointer: '/productId', detail: `there is no product ${input.productId}` }]);
    const line = cart.lineItems.find((i) => i.productId === product.id);
    if (line) line.quantity += input.quantity;
    else cart.lineItems.push({ productId: product.id, quantity: input.quantity, unitPrice: product.price });
    return c.json(priced(cart));
  });
  app.delete('/carts/:cartId/line-items/:productId', (c) => {
    const cart = cartOf(c);
    if (!cart) return notFound(c, 'cart', c.req.param('cartId'));
    const before = cart.lineItems.length;
    cart.lineItems = cart.lineItems.filter((i) => i.productId !== c.req.param('productId'));
    if (cart.lineItems.length === before)
      return notFound(c, 'line item for product', c.req.param('productId'));
    return c.json(priced(cart));
  });

  const orderOf = (c: Context) => state.orders.get(c.req.param('orderId') ?? '');
  app.get('/orders', (c) => {
    const status = c.req.query('status');
    return c.json(
      paginate(
        c,
        [...state.orders.values()].reverse().filter((o) => !status || o.status === status),
      ),
    );
  });
  app.post('/orders', async (c) => {
    const key = c.req.header('idempotency-key');
    if (!key) throw new BadRequest([{ pointer: '', detail: 'the Idempotency-Key header is required' }]);
    const again = state.placed.get(key);
    if (again) return c.json(state.orders.get(again), 201);
    const input = await readBody<components['schemas']['OrderInput']>(c, {
      cartId: { type: 'string', required: true, format: 'uuid' },
      customerId: { type: 'string', required: true, format: 'uuid' },
    });
    const cart = state.carts.get(input.cartId);
    if (!cart) throw new BadRequest([{ pointer: '/cartId', detail: `there is no cart ${input.cartId}` }]);
    if (cart.orderId)
      return problem(
        c,
        409,
        'shop/cart-already-ordered',
        'The cart was ordered already',
        `Cart ${cart.id} became order ${cart.orderId}.`,
      );
    if (cart.lineItems.length === 0)
      return problem(
        c,
        409,
        'shop/cart-empty',
        'The cart is empty',
        `Add items to cart ${cart.id} before ordering it.`,
      );
    const customer = await options.crm.getCustomer(input.customerId);
    if (!customer)
      throw new BadRequest([
        { pointer: '/customerId', detail: `the CRM has no customer ${input.customerId}` },
      ]);
    const consents = await options.crm.listConsents(customer.id);
    if (consents.some((x) => x.purpose === 'marketing-email' && x.granted))
      state.orderUpdateRecipients.add(customer.email);
    const order: Order = {
      id: randomUUID(),
      customerId: customer.id,
      status: 'placed',
      lineItems: cart.lineItems.map((i) => ({ ...i })),
      total: priced(cart).total,
      placedAt: new Date().toISOString(),
    };
    state.orders.set(order.id, order);
    state.placed.set(key, order.id);
    cart.orderId = order.id;
    return c.json(order, 201, { location: `/orders/${order.id}` });
  });
  app.get('/orders/:orderId', (c) => {
    const order = orderOf(c);
    return order ? c.json(order) : notFound(c, 'order', c.req.param('orderId'));
  });
  app.post('/orders/:orderId/cancellation', async (c) => {
    const order = orderOf(c);
    if (!order) return notFound(c, 'order', c.req.param('orderId'));
    const reason = (await readOptionalBody(c))?.reason;
    if (reason !== undefined && typeof reason !== 'string')
      throw new BadRequest([{ pointer: '/reason', detail: 'must be a string' }]);
    if (order.status === 'shipped' || order.status === 'delivered')
      return problem(
        c,
        409,
        'shop/order-shipped',
        'The order has shipped',
        `Order ${order.id} has shipped; return it instead.`,
      );
    Object.assign(order, { status: 'cancelled' }, reason ? { cancellationReason: reason } : {});
    return c.json(order);
  });
  const invoiceOf = (order: Order) => ({
    orderId: order.id,
    number: `INV-${order.placedAt.slice(0, 4)}-${order.id.slice(0, 8).toUpperCase()}`,
    total: order.total,
    issuedAt: order.placedAt,
  });
  app.get('/orders/:orderId/invoice', (c) => {
    const order = orderOf(c);
    if (!order) return notFound(c, 'order', c.req.param('orderId'));
    c.header('sunset', new Date('2027-06-30T00:00:00Z').toUTCString());
    c.header('deprecation', 'true');
    c.header('link', `</orders/${order.id}/documents/invoice>; rel="successor-version"`);
    return c.json(invoiceOf(order));
  });
  app.get('/orders/:orderId/documents/invoice', (c) => {
    const order = orderOf(c);
    if (!order) return notFound(c, 'order', c.req.param('orderId'));
    const invoice = invoiceOf(order);
    if (/application\/pdf/.test(c.req.header('accept') ?? ''))
      return c.body(invoicePdf(invoice.number, invoice.total), 200, { 'content-type': 'application/pdf' });
    return c.json(invoice);
  });
  return app;
}

function unknownCategory(slug: string): BadRequest {
  return new BadRequest([{ pointer: '/category', detail: `there is no category ${slug}` }]);
}

function sum(amounts: Money[]): Money {
  return { amount: amounts.reduce((a, m) => a + m.amount, 0), currency: amounts[0]?.currency ?? 'EUR' };
}

/** A one-page PDF with the invoice number and total: enough for a document a browser opens. */
function invoicePdf(number: string, total: Money): string {
  const text = `Invoice ${number}: ${(total.amount / 100).toFixed(2)} ${total.currency}`.replace(
    /[()\\]/g,
    '',
  );
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return pdf;
}
