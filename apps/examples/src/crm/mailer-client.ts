import type { components } from '../generated/mailer.js';

type Subscriber = components['schemas']['Subscriber'];

export interface MailerClientOptions {
  /** The mailer's base URL, e.g. `https://api.acme.test/mailer/v1`. */
  baseUrl: string;
  /** An OAuth 2.0 access token with the `mailer:write` scope. */
  token: string;
  fetch?: typeof fetch;
}

/** What the CRM asks of the mailer: subscribe a customer to a list, and take them off it again. */
export class MailerClient {
  private readonly fetch: typeof fetch;
  constructor(private readonly options: MailerClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  /** Subscribes (or re-subscribes) an address, keyed by the customer id as the subscriber's external id. */
  async subscribe(listId: string, email: string, customerId: string): Promise<Subscriber> {
    const response = await this.request('POST', `/lists/${encodeURIComponent(listId)}/subscribers`, {
      email,
      externalId: customerId,
    });
    if (response.status !== 200 && response.status !== 201) throw await failure(response, 'subscribe');
    return (await response.json()) as Subscriber;
  }

  /** Unsubscribes the customer; a customer who was never subscribed is not an error. */
  async unsubscribe(listId: string, customerId: string): Promise<Subscriber | undefined> {
    const path = `/lists/${encodeURIComponent(listId)}/subscribers/${encodeURIComponent(customerId)}`;
    const response = await this.request('DELETE', path);
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw await failure(response, 'unsubscribe');
    return (await response.json()) as Subscriber;
  }

  private request(method: string, path: string, body?: unknown): Promise<Response> {
    return this.fetch(new URL(path.slice(1), withSlash(this.options.baseUrl)), {
      method,
      headers: {
        accept: 'application/json, application/problem+json',
        authorization: `Bearer ${this.options.token}`,
        // Who is calling, for the providers' usage reports (never a secret).
        'x-consumer-id': 'crm',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}

export const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

export async function failure(response: Response, what: string): Promise<Error> {
  const text = await response.text().catch(() => '');
  return new Error(`${what} failed: HTTP ${response.status} ${text.slice(0, 300)}`);
}
