// Every finding a comparison can report, registered once: a stable code (the same as openapi-pact-comparator's and
// swagger-mock-validator's, so existing CI rules keep working), its level, and its text.

export type FindingLevel = 'error' | 'warning';

export interface CodeEntry {
  level: FindingLevel;
  /** The finding's message; `{detail}` is filled in by the check (a schema error, a name, a status). */
  message: string;
}

export const CODES = {
  'request.path-or-method.unknown': {
    level: 'error',
    message: 'Path or method not defined in the spec: {detail}',
  },
  'request.authorization.missing': {
    level: 'error',
    message: 'Request {detail} is missing but is required by the spec',
  },
  'request.accept.unknown': {
    level: 'warning',
    message: 'Request Accept header is defined but the spec does not specify any media types to produce',
  },
  'request.accept.incompatible': {
    level: 'error',
    message: 'Request Accept header is incompatible with the media types the spec defines to produce',
  },
  'request.content-type.unknown': {
    level: 'warning',
    message:
      'Request Content-Type header is defined but the spec does not specify any media types to consume',
  },
  'request.content-type.incompatible': {
    level: 'error',
    message: 'Request Content-Type header is incompatible with the media types the spec accepts',
  },
  'request.content-type.missing': {
    level: 'warning',
    message: 'Request has a body but no Content-Type header, and the spec specifies media types to consume',
  },
  'request.header.incompatible': {
    level: 'error',
    message: 'Request header is incompatible with the parameter defined in the spec: {detail}',
  },
  'request.header.unknown': {
    level: 'warning',
    message: 'Request header is not defined in the spec: {detail}',
  },
  'request.query.incompatible': {
    level: 'error',
    message: 'Query parameter is incompatible with the parameter defined in the spec: {detail}',
  },
  'request.query.unknown': {
    level: 'warning',
    message: 'Query parameter is not defined in the spec: {detail}',
  },
  'request.body.incompatible': {
    level: 'error',
    message: 'Request body is incompatible with the request body schema in the spec: {detail}',
  },
  'request.body.unknown': { level: 'warning', message: 'No matching schema found for the request body' },
  'request.body.unvalidatable': {
    level: 'warning',
    message: "Request body with content type '{detail}' cannot be validated against the spec",
  },
  'response.status.unknown': {
    level: 'error',
    message: 'Response status code not defined in the spec: {detail}',
  },
  'response.status.default': {
    level: 'warning',
    message: 'Response status code matched only the default response in the spec: {detail}',
  },
  'response.content-type.unknown': {
    level: 'warning',
    message:
      'Response Content-Type header is defined but the spec does not specify any media types to produce',
  },
  'response.content-type.incompatible': {
    level: 'error',
    message: 'Response Content-Type header is incompatible with the media types the spec defines to produce',
  },
  'response.header.incompatible': {
    level: 'error',
    message: 'Response header is incompatible with the header defined in the spec: {detail}',
  },
  'response.header.unknown': {
    level: 'error',
    message: 'Response header is not defined in the spec: {detail}',
  },
  'response.header.undefined': {
    level: 'warning',
    message: 'Standard HTTP response header is not defined in the spec: {detail}',
  },
  'response.body.incompatible': {
    level: 'error',
    message: 'Response body is incompatible with the response body schema in the spec: {detail}',
  },
  'response.body.unknown': { level: 'error', message: 'No matching schema found for the response body' },
  'response.body.unvalidatable': {
    level: 'warning',
    message: "Response body with content type '{detail}' cannot be validated against the spec",
  },
} as const satisfies Record<string, CodeEntry>;

export type FindingCode = keyof typeof CODES;

export function messageFor(code: FindingCode, detail = ''): string {
  return CODES[code].message.replace('{detail}', detail);
}
