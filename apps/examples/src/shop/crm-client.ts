import type { components } from '../generated/crm.js';
import { failure, withSlash } from '../crm/mailer-client.js';

type Customer = components['schemas']['Customer'];
type Consent = components['schemas']['Consent'];

export interface CrmClientOptions {
  /** The CRM's base URL, e.g. `https://api.acme.test/crm/v2`. */
  baseUrl: string;
  /** An OAuth 2.0 access token with the `crm:read` scope. */
  token: string;
  fetch?: typeof fetch;
}

/** What the shop asks of the CRM: who is ordering, and may we email them. */
export class CrmClient {
  private readonly fetch: typeof fetch;
  constructor(private readonly options: CrmClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  /** The customer, or undefined when the CRM does not know them. */
  async getCustomer(customerId: string): Promise<Customer | undefined> {
    const response = await this.get(`/customers/${encodeURIComponent(customerId)}`);
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw await failure(response, 'getCustomer');
    return (await response.json()) as Customer;
  }

  /** Every consent the customer decided on (all pages). */
  async listConsents(customerId: string): Promise<Consent[]> {
    const consents: Consent[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
      const response = await this.get(`/customers/${encodeURIComponent(customerId)}/consents?${query}`);
      if (response.status !== 200) throw await failure(response, 'listCustomerConsents');
      const page = (await response.json()) as components['schemas']['ConsentPage'];
      consents.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return consents;
  }

  private get(path: string): Promise<Response> {
    return this.fetch(new URL(path.slice(1), withSlash(this.options.baseUrl)), {
      headers: {
        accept: 'application/json, application/problem+json',
        authorization: `Bearer ${this.options.token}`,
        // Who is calling, for the providers' usage reports (never a secret).
        'x-consumer-id': 'shop',
      },
    });
  }
}
