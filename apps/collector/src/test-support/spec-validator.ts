import { createRouteMatcher, loadSpec } from '@interlock/openapi';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Checks real responses against an OpenAPI spec: the status is documented for the operation, the content type is
 * one it lists, and a JSON body validates against its schema. Returns the problems found (empty when it conforms).
 */
export async function createSpecValidator(specFile: string) {
  const spec = await loadSpec(specFile);
  const matcher = createRouteMatcher(spec.api);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema(rewrite({ $id: 'spec', components: spec.document.components }));

  return async function check(method: string, path: string, response: Response): Promise<string[]> {
    const match = matcher.match(method, path);
    if (!match) return [`${method} ${path} is not an operation of the spec`];
    const { operation } = match;
    const status = String(response.status);
    const documented =
      operation.responses.find((r) => r.status === status) ??
      operation.responses.find((r) => r.status === `${status[0]}XX`) ??
      operation.responses.find((r) => r.status === 'default');
    if (!documented) return [`${operation.key} answered ${status}, which the spec does not list`];
    const body = await response.clone().text();
    if (!body) return [];
    const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const media = documented.content.find((m) => m.mediaType === type);
    if (!media)
      return [
        `${operation.key} ${status} answered ${type}, the spec lists ${documented.content.map((m) => m.mediaType).join(', ') || 'no body'}`,
      ];
    if (!type.endsWith('json') || !media.schema) return [];
    const validate = ajv.compile(rewrite(media.schema));
    if (validate(JSON.parse(body))) return [];
    return (validate.errors ?? []).map(
      (e) => `${operation.key} ${status}: ${e.instancePath || '/'} ${e.message}`,
    );
  };
}

function rewrite<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/')) as T;
}
