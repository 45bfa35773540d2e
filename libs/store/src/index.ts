export { createStore } from './store.js';
export { createSql } from './sql.js';
export { SEARCH_CACHE_MB } from './pglite-init.js';
export { StoreError, isStoreError } from './errors.js';
export type { StoreErrorCode } from './errors.js';
export type { Database } from './sql.js';
export { migrations } from './migrations.js';
export { packVersion, sha256 } from './pack.js';
export type { PackedVersion } from './pack.js';
export type { Migration } from './migrations.js';
export type {
  ApiFilter,
  ApiSummary,
  BatchPublishResult,
  Engine,
  LintGrade,
  LintRecord,
  LintResults,
  LintSeverity,
  LintStatus,
  PublishInput,
  PublishResult,
  SearchHit,
  Sql,
  StoredFinding,
  StoredLint,
  Store,
  StoredSpecText,
  StoredVersion,
  StoreOptions,
  VersionKey,
  VersionSummary,
} from './types.js';
