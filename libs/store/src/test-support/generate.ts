// Generated APIs for measuring the store: a small domain vocabulary, so that searches match many entries.
import type { Api, HttpMethod } from '@interlock/openapi';
import type { PublishInput } from '../types.js';
import { makeOperation } from './api.js';

export const NOUNS =
  'customer order invoice payment refund shipment parcel product catalog price discount coupon cart checkout account user profile session token consent contact address subscription plan webhook event notification email message template report export import batch job schedule warehouse stock supplier vendor contract policy claim ticket comment attachment document folder file image video channel team member role permission audit log metric alert incident deployment release build artifact repository branch'.split(
    ' ',
  );
export const VERBS = 'list get create update delete search cancel approve archive restore send verify'.split(
  ' ',
);
const METHOD: Record<string, HttpMethod> = {
  list: 'GET',
  get: 'GET',
  search: 'GET',
  create: 'POST',
  send: 'POST',
  verify: 'POST',
  approve: 'POST',
  cancel: 'POST',
  archive: 'POST',
  restore: 'POST',
  update: 'PATCH',
  delete: 'DELETE',
};

let seed = 7;

/** Starts the generator over, so that each engine gets the same APIs and queries. */
export function reseed(value = 7): void {
  seed = value;
}
export function pick<T>(list: T[]): T {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return list[seed % list.length] as T;
}
const cap = (s: string) => s[0]?.toUpperCase() + s.slice(1);

/** One version of a generated API: `operationCount` operations and 15 schemas over a small domain vocabulary. */
export function generateVersion(apiIndex: number, version: number, operationCount = 50): PublishInput {
  const ops = new Map<string, ReturnType<typeof makeOperation>>();
  while (ops.size < operationCount) {
    const noun = pick(NOUNS);
    const sub = pick(NOUNS);
    const verb = pick(VERBS);
    const path = `/v${version}/${noun}s/{${noun}Id}/${sub}s${ops.size % 3 ? `/{${sub}Id}` : ''}`;
    const op = makeOperation(METHOD[verb] as HttpMethod, path, {
      operationId: `${verb}${cap(noun)}${cap(sub)}${ops.size}`,
      summary: `${cap(verb)} the ${sub}s of a ${noun}`,
      description: `Returns or changes the ${sub} records that belong to one ${noun}. Requires the ${pick(NOUNS)} scope; results are paginated and sorted by ${pick(NOUNS)}.`,
      tags: [noun],
    });
    ops.set(op.key, op);
  }
  const schemas = Array.from({ length: 15 }, (_, i) => {
    const noun = NOUNS[(apiIndex + i * 7) % NOUNS.length] as string;
    return {
      name: `${cap(noun)}${i}`,
      description: `A ${noun} as returned by the API.`,
      properties: ['id', `${noun}Name`, 'createdAt', `${pick(NOUNS)}Id`, 'status'],
      location: { file: 'openapi.json', line: 1, column: 1, pointer: `/components/schemas/${noun}${i}` },
    };
  });
  const api: Api = {
    id: `api-${apiIndex}`,
    title: `${cap(NOUNS[apiIndex % NOUNS.length] as string)} service ${apiIndex}`,
    version: `${version}.0.0`,
    format: 'openapi-3.1',
    specVersion: '3.1.0',
    servers: [],
    tags: [{ name: pick(NOUNS) }],
    owner: { name: `team-${apiIndex % 12}` },
    lifecycle: 'stable',
    operations: [...ops.values()],
    schemas,
    securitySchemes: [],
    extensions: {},
    location: { file: 'openapi.json', line: 1, column: 1, pointer: '' },
  };
  const document = {
    openapi: '3.1.0',
    info: { title: api.title, version: api.version },
    paths: Object.fromEntries(
      api.operations.map((o) => [
        o.path,
        {
          [o.method.toLowerCase()]: {
            operationId: o.operationId,
            summary: o.summary,
            description: o.description,
          },
        },
      ]),
    ),
  };
  return { api, text: JSON.stringify(document, null, 2), mediaType: 'application/json' };
}

/** Queries a developer would type: one to three words, every fourth one cut short as if still typing. */
export function generateQueries(count: number): string[] {
  const queries: string[] = [];
  for (let i = 0; queries.length < count; i++) {
    const words = Array.from({ length: 1 + (i % 3) }, () => pick([...NOUNS, ...VERBS]));
    if (i % 4 === 0) words[words.length - 1] = (words[words.length - 1] as string).slice(0, 3);
    queries.push(words.join(' '));
  }
  return queries;
}
