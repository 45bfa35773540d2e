import { defineConfig } from 'vitest/config';

// Tests run from TypeScript sources: the `@interlock/source` export condition points each
// workspace package at its src/index.ts, so no build is needed before `vitest`.
// Vite's default server conditions, plus ours first.
const conditions = ['@interlock/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 120_000, // a safety net, not a speed check: CI machines may be busy
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
