import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// The OpenTelemetry SDK (used by the tests' payloads) ships ESM builds with extensionless imports under its
// `module` fields, which Node cannot load: resolve it through `main` and without the `module` condition.
const conditions = ['@interlock/source', 'node', 'development|production'];

export default mergeConfig(
  { ...shared, resolve: {}, ssr: {} },
  defineConfig({
    resolve: { conditions, mainFields: ['main'] },
    ssr: { resolve: { conditions, externalConditions: ['node'] } },
  }),
);
