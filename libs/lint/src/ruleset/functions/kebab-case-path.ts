import { createRulesetFunction } from '@stoplight/spectral-core';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PARAMETER = /^\{[^}]+\}$/;

/** `path-kebab-case`: every literal segment of a path is lowercase words joined by hyphens. */
export const kebabCasePath = createRulesetFunction<string, null>(
  { input: { type: 'string' }, options: null },
  function kebabCasePath(path) {
    const bad = path
      .split('/')
      .filter((segment) => segment !== '' && !PARAMETER.test(segment) && !KEBAB.test(segment));
    return bad.map((segment) => ({
      message: `Path "${path}": segment "${segment}" is not kebab-case (lowercase words joined by hyphens)`,
    }));
  },
);
