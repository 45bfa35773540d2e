// The catalog's side of `serve`, imported only when the catalog runs: a collector alone does without its modules
// (parsers, pages, lint), about 70 MB of its memory.
export { ensureAdminToken, hashToken, indexFolder, watchFolder } from '@interlock/catalog';
export { startCatalog } from '@interlock/catalog-server';
export { resolveLintOptions, startBackgroundLint } from './serve-lint.js';
