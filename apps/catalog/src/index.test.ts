import { expect, test } from 'vitest';
import { x } from './index.js';
test('x', () => expect(x).toBe('openapi'));
