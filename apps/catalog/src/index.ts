export { createCatalogApp } from './app.js';
export type { CatalogAppOptions } from './app.js';
export { startCatalog } from './server.js';
export type { CatalogServer } from './server.js';
export type {
  ApiDetail,
  ApiPage,
  PublishResult,
  SearchResult,
  VersionDetail,
  VersionList,
} from './api-types.js';
export type { components, operations, paths } from './generated/catalog-api.js';
