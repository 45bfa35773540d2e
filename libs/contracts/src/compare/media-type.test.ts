import { describe, expect, it } from 'vitest';
import { findMediaType, isValidatable } from './media-type.js';

describe('findMediaType', () => {
  it.each([
    ['application/json', ['text/plain', 'application/json'], 'application/json'],
    ['APPLICATION/JSON', ['application/json'], 'application/json'],
    ['application/json; charset=utf-8', ['application/json'], 'application/json'],
    ['text/plain;v=2', ['text/plain', 'text/plain;v=2'], 'text/plain;v=2'],
    ['application/vnd.acme+json', ['application/json'], 'application/json'],
    ['application/json', ['application/problem+json'], 'application/problem+json'],
    ['text/csv', ['text/*'], 'text/*'],
    ['text/csv', ['*/*'], '*/*'],
    ['text/*', ['application/json', 'text/csv'], 'text/csv'],
    ['*/*', ['application/json'], 'application/json'],
    ['a/x;q=0.5, b/y', ['a/x', 'b/y'], 'b/y'],
    ['application/xml', ['application/json'], undefined],
  ])('%s among %j → %s', (wanted, available, expected) => {
    expect(findMediaType(wanted, available)).toBe(expected);
  });

  it('validates JSON, forms and multipart bodies only', () => {
    expect(isValidatable('application/hal+json')).toBe(true);
    expect(isValidatable('multipart/form-data; boundary=x')).toBe(true);
    expect(isValidatable('application/xml')).toBe(false);
    expect(isValidatable('image/png')).toBe(false);
  });
});
