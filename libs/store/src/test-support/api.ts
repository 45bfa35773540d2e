import type { Api, HttpMethod, Operation } from '@interlock/openapi';

const loc = { file: 'openapi.yaml', line: 1, column: 1, pointer: '' };

export function makeOperation(method: HttpMethod, path: string, extra: Partial<Operation> = {}): Operation {
  return {
    key: `${method} ${path}`,
    method,
    path,
    tags: [],
    deprecated: false,
    parameters: [],
    responses: [],
    security: [],
    extensions: {},
    location: loc,
    ...extra,
  };
}

export function makeApi(extra: Partial<Api> = {}): Api {
  return {
    id: 'crm',
    title: 'CRM',
    version: '1.0.0',
    format: 'openapi-3.1',
    specVersion: '3.1.0',
    servers: [],
    tags: [{ name: 'customers' }],
    owner: { name: 'team-crm' },
    lifecycle: 'stable',
    operations: [
      makeOperation('GET', '/customers', {
        operationId: 'listCustomers',
        summary: 'List customers',
        tags: ['customers'],
      }),
      makeOperation('GET', '/customers/{customerId}', {
        operationId: 'getCustomer',
        summary: 'Get a customer',
      }),
      makeOperation('POST', '/consents', {
        operationId: 'grantConsent',
        summary: 'Grant a consent',
        description: 'Records that a customer agreed to be contacted.',
      }),
    ],
    schemas: [{ name: 'Customer', properties: ['id', 'email', 'firstName'], location: loc }],
    securitySchemes: [],
    extensions: {},
    location: loc,
    ...extra,
  };
}

export function publishInput(api: Api, text = `openapi: 3.1.0\n# ${api.id} ${api.version}\n`) {
  return {
    api,
    text,
    mediaType: 'application/yaml',
  };
}
