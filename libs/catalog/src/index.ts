export { indexFolder } from './index-folder.js';
export type { IndexFailure, IndexOptions, IndexSummary } from './index-folder.js';
export { findSpecFiles } from './find-specs.js';
export { idForPath, prepareFile, prepareText, toPublishInput } from './prepare.js';
export { publishSpec } from './publish.js';
export type { PublishOutcome, PublishTextInput } from './publish.js';
export { ensureAdminToken, hashToken, verifyToken } from './tokens.js';
export type { AdminToken } from './tokens.js';
export { watchFolder } from './watch.js';
