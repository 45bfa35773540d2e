import { defineConfig } from 'vitest/config';

// Tests run from TypeScript sources: the `@interlock/source` export condition points each
// workspace package at its src/index.ts, so no build is needed before `vitest`.
export default defineConfig({
  resolve: { conditions: ['@interlock/source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@interlock/source', 'node', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
