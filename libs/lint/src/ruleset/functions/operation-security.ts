import { createRulesetFunction } from '@stoplight/spectral-core';
import { isExempt } from './exemption.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const READS = new Set(['get', 'head', 'options']);

type Requirement = Record<string, string[]>;
interface Document {
  security?: Requirement[];
  paths?: Record<string, Partial<Record<(typeof METHODS)[number], { security?: Requirement[] }>> | undefined>;
}

/** A requirement list that lets anonymous callers in: empty, or holding an empty requirement `{}`. */
function isPublic(security: Requirement[]): boolean {
  return security.length === 0 || security.some((r) => !r || Object.keys(r).length === 0);
}

/**
 * `operation-security`: every operation requires credentials, unless it is a read that says it is public with an
 * explicit `security: []` on the operation itself (so being public is a decision, not an omission).
 */
export const operationSecurity = createRulesetFunction<Document, null>(
  { input: { type: 'object' }, options: null },
  function operationSecurity(document) {
    const results: { message: string; path: (string | number)[] }[] = [];
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const method of METHODS) {
        const operation = item?.[method];
        if (!operation || typeof operation !== 'object' || isExempt(operation, 'operation-security'))
          continue;
        const own = Array.isArray(operation.security) ? operation.security : undefined;
        const effective = own ?? (Array.isArray(document.security) ? document.security : undefined);
        if (effective !== undefined && !isPublic(effective)) continue;
        if (own !== undefined && READS.has(method)) continue;
        const at = ['paths', path, method];
        results.push({
          message:
            effective === undefined
              ? `${method.toUpperCase()} ${path} has no security: add a security requirement (or security: [] on a public read)`
              : `${method.toUpperCase()} ${path} is public but changes state: only reads may have security: []`,
          path: own !== undefined ? [...at, 'security'] : at,
        });
      }
    }
    return results;
  },
);
