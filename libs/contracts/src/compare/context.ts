// What every check of one interaction needs: the matched operation (model and bundled-document pointers), the
// pact's request and response, the shared validator, and a way to report a finding with both locations.
import { getAt, joinPointer, type LoadedSpec, type Operation } from '@interlock/openapi';
import { CODES, messageFor, type FindingCode } from './codes.js';
import type { PactInteraction } from './pact.js';
import type { Finding } from './types.js';
import type { Validator } from './validator.js';

export type Obj = Record<string, unknown>;

/** A parameter as the document holds it, with the pointer of its definition (after `$ref`). */
export interface DocParameter {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
  style?: string;
  explode?: boolean;
  /** Swagger 2.0's `tsv`, which has no OpenAPI 3 style (kept by the conversion as `x-collectionFormat`). */
  collectionFormat?: string;
  pointer: string;
}

export interface SpecSide {
  spec: LoadedSpec;
  document: Obj;
  openapi31: boolean;
  validator: Validator;
}

export interface InteractionContext extends SpecSide {
  interaction: PactInteraction;
  operation: Operation;
  /** `/paths/~1pets~1{id}/get`. */
  operationPointer: string;
  /** Path-level and operation-level parameters merged (operation-level ones win). */
  parameters: DocParameter[];
  /** Path parameters captured from the pact's path, by template name. */
  pathParams: Record<string, string>;
  /** The pact's request headers, case-insensitive. */
  requestHeaders: Headers;
  responseHeaders: Headers;
  /** 2xx and 3xx responses: the request is meant to be valid (4xx/5xx interactions test refusals). */
  validRequest: boolean;
  report(finding: FindingInput): void;
}

export interface FindingInput {
  code: FindingCode;
  detail?: string;
  /** Steps below the interaction: `['request', 'headers', 'accept']`. */
  pactPath: (string | number)[];
  value?: unknown;
  specPointer: string;
}

export function createReporter(
  side: SpecSide,
  interaction: PactInteraction,
  findings: Finding[],
  operation?: string,
): (input: FindingInput) => void {
  return (input) => {
    const steps = ['interactions', interaction.index, ...input.pactPath];
    const located = side.spec.locate(input.specPointer);
    findings.push({
      code: input.code,
      level: CODES[input.code].level,
      message: messageFor(input.code, input.detail),
      interaction: {
        index: interaction.index,
        description: interaction.description,
        ...(interaction.providerState !== undefined ? { providerState: interaction.providerState } : {}),
      },
      pact: {
        location: `[root]${steps.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`,
        pointer: joinPointer('', ...steps),
        ...(input.value !== undefined ? { value: input.value } : {}),
      },
      spec: {
        pointer: input.specPointer,
        ...(located ? { file: located.file, line: located.line, column: located.column } : {}),
        ...(operation ? { operation } : {}),
      },
    });
  };
}

/** Follows local `$ref`s; returns the value and the pointer it was found at. */
export function deref(document: Obj, value: unknown, pointer: string): { value: unknown; pointer: string } {
  const seen = new Set<string>();
  while (
    isObj(value) &&
    typeof value.$ref === 'string' &&
    value.$ref.startsWith('#') &&
    !seen.has(value.$ref)
  ) {
    seen.add(value.$ref);
    pointer = refPointer(value.$ref);
    value = getAt(document, pointer);
  }
  return { value, pointer };
}

export function documentParameters(document: Obj, operationPointer: string): DocParameter[] {
  const itemPointer = operationPointer.slice(0, operationPointer.lastIndexOf('/'));
  const merged = new Map<string, DocParameter>();
  for (const base of [itemPointer, operationPointer]) {
    const list = getAt(document, `${base}/parameters`);
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const { value, pointer } = deref(document, raw, `${base}/parameters/${i}`);
      if (!isObj(value) || typeof value.name !== 'string' || typeof value.in !== 'string') return;
      const key = `${value.in}:${value.in === 'header' ? value.name.toLowerCase() : value.name}`;
      merged.set(key, {
        name: value.name,
        in: value.in,
        required: value.required === true,
        schema: value.schema,
        ...(typeof value.style === 'string' ? { style: value.style } : {}),
        ...(typeof value.explode === 'boolean' ? { explode: value.explode } : {}),
        ...(typeof value['x-collectionFormat'] === 'string'
          ? { collectionFormat: value['x-collectionFormat'] }
          : {}),
        pointer,
      });
    });
  }
  return [...merged.values()];
}

/** The schema's `type` after following `$ref`s (`undefined` when not stated). */
export function schemaType(document: Obj, schema: unknown): unknown {
  const { value } = deref(document, schema, '');
  return isObj(value) ? value.type : undefined;
}

/** True when the schema is a string, or offers a string among its alternatives (its values are taken as written). */
export function isStringSchema(document: Obj, schema: unknown): boolean {
  const { value } = deref(document, schema, '');
  if (!isObj(value)) return false;
  if (value.type === 'string') return true;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = value[key];
    if (Array.isArray(list) && list.some((s) => schemaType(document, s) === 'string')) return true;
  }
  return false;
}

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The JSON pointer of a local `$ref` (its fragment is URI-encoded: `%7B` for `{`). */
export function refPointer(ref: string): string {
  const fragment = ref.slice(1);
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** The media types an operation produces: from its responses, or as a Swagger 2.0 spec declared them. */
export function producedMediaTypes(
  operation: Operation,
  response?: { content: { mediaType: string }[] },
): string[] {
  const declared = operation.extensions['x-produces'];
  if (Array.isArray(declared) && declared.every((t) => typeof t === 'string')) return declared as string[];
  const responses = response ? [response] : operation.responses;
  return [...new Set(responses.flatMap((r) => r.content.map((c) => c.mediaType)))];
}
