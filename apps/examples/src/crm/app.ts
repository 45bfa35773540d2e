import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { components } from '../generated/crm.js';
import { NEWSLETTER_LIST_ID } from '../mailer/app.js';
import { paginate } from '../http/pagination.js';
import { notFound, problem } from '../http/problem.js';
import { requireBearer, serviceApp } from '../http/service.js';
import { readBody, type Field } from '../http/validate.js';
import type { MailerClient } from './mailer-client.js';

type Customer = components['schemas']['Customer'];
type Consent = components['schemas']['Consent'];
type Purpose = components['schemas']['Purpose'];
type Rule = components['schemas']['Rule'];
type Segment = Omit<components['schemas']['Segment'], 'memberCount'>;

export const PURPOSES = ['marketing-email', 'marketing-sms', 'profiling'] as const;
const SOURCES = ['checkout', 'account-settings', 'newsletter-form', 'support', 'unsubscribe-link'] as const;

export interface CrmState {
  customers: Map<string, Customer>;
  consents: Map<string, Map<Purpose, Consent>>;
  segments: Map<string, Segment>;
}

export const createCrmState = (): CrmState => ({
  customers: new Map(),
  consents: new Map(),
  segments: new Map(),
});

export interface CrmOptions {
  state?: CrmState;
  /** Consent changes to `marketing-email` are forwarded to the mailer's newsletter list. */
  mailer: MailerClient;
  newsletterListId?: string;
}

const address: Field = {
  type: 'object',
  fields: {
    street: { type: 'string', maxLength: 200 },
    city: { type: 'string', maxLength: 100 },
    postalCode: { type: 'string', maxLength: 20 },
    country: { type: 'string', pattern: /^[A-Z]{2}$/ },
  },
};
const customerFields = (emailRequired: boolean): Record<string, Field> => ({
  email: { type: 'string', format: 'email', required: emailRequired },
  firstName: { type: 'string', maxLength: 100 },
  lastName: { type: 'string', maxLength: 100 },
  locale: { type: 'string', pattern: /^[a-z]{2}-[A-Z]{2}$/ },
  address,
});

/** The CRM service (specs/crm): customers, their consents and segments, kept in memory. */
export function createCrmApp(options: CrmOptions) {
  const state = options.state ?? createCrmState();
  const listId = options.newsletterListId ?? NEWSLETTER_LIST_ID;
  const app = serviceApp('crm');
  app.use('*', requireBearer());

  const customerOf = (c: Context) => state.customers.get(c.req.param('customerId') ?? '');
  const emailTaken = (c: Context, email: string, except?: string) => {
    const other = [...state.customers.values()].find((x) => x.email === email && x.id !== except);
    return other
      ? problem(
          c,
          409,
          'crm/email-taken',
          'The email address is taken',
          'Look the customer up with GET /customers?email=… instead.',
        )
      : undefined;
  };

  app.get('/customers', (c) => {
    const email = c.req.query('email')?.toLowerCase();
    const all = [...state.customers.values()].reverse().filter((x) => !email || x.email === email);
    return c.json(paginate(c, all));
  });
  app.post('/customers', async (c) => {
    const input = await readBody<components['schemas']['CustomerInput']>(c, customerFields(true));
    const email = input.email.toLowerCase();
    const taken = emailTaken(c, email);
    if (taken) return taken;
    const customer: Customer = { ...input, email, id: randomUUID(), createdAt: new Date().toISOString() };
    state.customers.set(customer.id, customer);
    return c.json(customer, 201, { location: `/customers/${customer.id}` });
  });
  app.get('/customers/:customerId', (c) => {
    const customer = customerOf(c);
    return customer ? c.json(customer) : notFound(c, 'customer', c.req.param('customerId'));
  });
  app.patch('/customers/:customerId', async (c) => {
    const customer = customerOf(c);
    if (!customer) return notFound(c, 'customer', c.req.param('customerId'));
    const patch = await readBody<components['schemas']['CustomerPatch']>(c, customerFields(false), 1);
    if (patch.email) {
      patch.email = patch.email.toLowerCase();
      const taken = emailTaken(c, patch.email, customer.id);
      if (taken) return taken;
    }
    const { id: _id, createdAt: _createdAt, ...changes } = patch as Partial<Customer>;
    Object.assign(customer, changes);
    return c.json(customer);
  });
  app.delete('/customers/:customerId', async (c) => {
    const customer = customerOf(c);
    if (!customer) return notFound(c, 'customer', c.req.param('customerId'));
    // Erasure reaches the mailer first: if that fails, the customer is still here to try again.
    await options.mailer.unsubscribe(listId, customer.id);
    state.customers.delete(customer.id);
    state.consents.delete(customer.id);
    return c.body(null, 204);
  });

  const consentsOf = (id: string) => {
    let consents = state.consents.get(id);
    if (!consents) state.consents.set(id, (consents = new Map()));
    return consents;
  };
  app.get('/customers/:customerId/consents', (c) => {
    const customer = customerOf(c);
    if (!customer) return notFound(c, 'customer', c.req.param('customerId'));
    return c.json(paginate(c, [...consentsOf(customer.id).values()]));
  });
  app.post('/customers/:customerId/consents', async (c) => {
    const customer = customerOf(c);
    if (!customer) return notFound(c, 'customer', c.req.param('customerId'));
    const input = await readBody<components['schemas']['ConsentInput']>(c, {
      purpose: { type: 'string', required: true, enum: PURPOSES },
      source: { type: 'string', required: true, enum: SOURCES },
    });
    if (input.purpose === 'marketing-email')
      await options.mailer.subscribe(listId, customer.email, customer.id);
    const consent: Consent = { ...input, granted: true, changedAt: new Date().toISOString() };
    consentsOf(customer.id).set(input.purpose, consent);
    return c.json(consent, 201);
  });
  app.delete('/customers/:customerId/consents/:purpose', async (c) => {
    const customer = customerOf(c);
    if (!customer) return notFound(c, 'customer', c.req.param('customerId'));
    const purpose = c.req.param('purpose') as Purpose;
    if (!PURPOSES.includes(purpose)) return notFound(c, 'consent purpose', purpose);
    const consent = consentsOf(customer.id).get(purpose);
    if (!consent) return notFound(c, `${purpose} consent of customer`, customer.id);
    if (purpose === 'marketing-email') await options.mailer.unsubscribe(listId, customer.id);
    Object.assign(consent, { granted: false, changedAt: new Date().toISOString() });
    return c.json(consent);
  });

  const members = (segment: Segment) => [...state.customers.values()].filter((x) => matches(segment.rule, x));
  const withCount = (segment: Segment) => ({ ...segment, memberCount: members(segment).length });
  app.get('/segments', (c) => c.json(paginate(c, [...state.segments.values()].map(withCount))));
  app.post('/segments', async (c) => {
    const input = await readBody<components['schemas']['SegmentInput']>(c, {
      name: { type: 'string', required: true, maxLength: 100 },
    });
    const problemAt = ruleProblem((input as { rule?: unknown }).rule, '/rule');
    if (problemAt)
      return problem(
        c,
        400,
        'bad-request',
        'The request is not valid',
        `${problemAt.pointer}: ${problemAt.detail}`,
        [problemAt],
      );
    const segment: Segment = { id: randomUUID(), name: input.name, rule: input.rule };
    state.segments.set(segment.id, segment);
    return c.json(withCount(segment), 201, { location: `/segments/${segment.id}` });
  });
  app.get('/segments/:segmentId', (c) => {
    const segment = state.segments.get(c.req.param('segmentId'));
    return segment ? c.json(withCount(segment)) : notFound(c, 'segment', c.req.param('segmentId'));
  });
  app.get('/segments/:segmentId/members', (c) => {
    const segment = state.segments.get(c.req.param('segmentId'));
    return segment ? c.json(paginate(c, members(segment))) : notFound(c, 'segment', c.req.param('segmentId'));
  });
  return app;
}

const FIELDS = ['email', 'firstName', 'lastName', 'locale', 'address.city', 'address.country', 'createdAt'];
const OPERATORS = ['equals', 'startsWith', 'before', 'after'];

/** Where a segment rule breaks the spec's `Rule` schema, if it does (rules nest, so the check recurses). */
function ruleProblem(
  rule: unknown,
  pointer: string,
  depth = 0,
): { pointer: string; detail: string } | undefined {
  if (depth > 32) return { pointer, detail: 'rules nest at most 32 deep' };
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule))
    return { pointer, detail: 'must be a rule object' };
  const r = rule as Record<string, unknown>;
  for (const key of ['allOf', 'anyOf'] as const) {
    if (key in r) {
      const list = r[key];
      if (!Array.isArray(list) || list.length === 0)
        return { pointer: `${pointer}/${key}`, detail: 'must be a non-empty array' };
      for (const [i, sub] of list.entries()) {
        const found = ruleProblem(sub, `${pointer}/${key}/${i}`, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
  }
  if (!FIELDS.includes(r.field as string))
    return { pointer: `${pointer}/field`, detail: `must be one of ${FIELDS.join(', ')}` };
  if (!OPERATORS.includes(r.operator as string))
    return { pointer: `${pointer}/operator`, detail: `must be one of ${OPERATORS.join(', ')}` };
  if (typeof r.value !== 'string') return { pointer: `${pointer}/value`, detail: 'must be a string' };
  return undefined;
}

function matches(rule: Rule, customer: Customer): boolean {
  const r = rule as { allOf?: Rule[]; anyOf?: Rule[]; field?: string; operator?: string; value?: string };
  if (r.allOf) return r.allOf.every((x) => matches(x, customer));
  if (r.anyOf) return r.anyOf.some((x) => matches(x, customer));
  let actual: unknown = customer;
  for (const part of (r.field ?? '').split('.'))
    actual = (actual as Record<string, unknown> | undefined)?.[part];
  if (typeof actual !== 'string' || r.value === undefined) return false;
  switch (r.operator) {
    case 'equals':
      return actual === r.value;
    case 'startsWith':
      return actual.startsWith(r.value);
    case 'before':
      return actual < r.value;
    case 'after':
      return actual > r.value;
    default:
      return false;
  }
}
