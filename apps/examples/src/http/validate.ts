import type { Context } from 'hono';
import { BadRequest, type FieldError } from './problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Field =
  | {
      type: 'string';
      required?: boolean;
      format?: 'uuid' | 'email';
      maxLength?: number;
      pattern?: RegExp;
      enum?: readonly string[];
    }
  | { type: 'integer'; required?: boolean; minimum?: number; maximum?: number }
  | { type: 'boolean'; required?: boolean }
  | { type: 'object'; required?: boolean; fields: Record<string, Field>; minProperties?: number };

/** Reads a JSON body and checks it against a small description of the spec's schema; throws BadRequest. */
export async function readBody<T>(c: Context, fields: Record<string, Field>, minProperties = 0): Promise<T> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new BadRequest([{ pointer: '', detail: 'the body is not valid JSON' }]);
  }
  const errors: FieldError[] = [];
  check(body, { type: 'object', fields, minProperties }, '', errors);
  if (errors.length) throw new BadRequest(errors);
  return body as T;
}

function check(value: unknown, field: Field, pointer: string, errors: FieldError[]): void {
  const fail = (detail: string): void => void errors.push({ pointer, detail });
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') return fail('must be a string');
      if (field.format === 'uuid' && !UUID.test(value)) return fail('must be a UUID');
      if (field.format === 'email' && !EMAIL.test(value)) return fail('must be an email address');
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return fail(`must be at most ${field.maxLength} characters`);
      if (field.pattern && !field.pattern.test(value)) return fail(`must match ${field.pattern.source}`);
      if (field.enum && !field.enum.includes(value)) return fail(`must be one of ${field.enum.join(', ')}`);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail('must be an integer');
      if (field.minimum !== undefined && value < field.minimum)
        return fail(`must be at least ${field.minimum}`);
      if (field.maximum !== undefined && value > field.maximum)
        return fail(`must be at most ${field.maximum}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('must be true or false');
      return;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return fail('must be an object');
      const record = value as Record<string, unknown>;
      if (Object.keys(record).length < (field.minProperties ?? 0))
        return fail(`must have at least ${field.minProperties} properties`);
      for (const [name, sub] of Object.entries(field.fields)) {
        const at = `${pointer}/${name}`;
        if (record[name] === undefined) {
          if (sub.required) errors.push({ pointer: at, detail: 'is required' });
        } else check(record[name], sub, at, errors);
      }
    }
  }
}

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** An optional JSON object body (`requestBody.required: false`): undefined when empty. */
export async function readOptionalBody(c: Context): Promise<Record<string, unknown> | undefined> {
  const text = await c.req.text();
  if (!text.trim()) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequest([{ pointer: '', detail: 'the body is not valid JSON' }]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BadRequest([{ pointer: '', detail: 'must be an object' }]);
  return body as Record<string, unknown>;
}
