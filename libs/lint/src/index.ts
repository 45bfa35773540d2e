export { lintFiles } from './lint-files.js';
export type { LintFilesOptions, LintRun } from './lint-files.js';
export { createLintPool } from './lint-pool.js';
export type { LintOutcome, LintPool, LintPoolOptions } from './lint-pool.js';
export { countSeverities, GRADES, gradeOf } from './grade.js';
export type { Grade, SeverityCounts } from './grade.js';
export { createLinter } from './lint-document.js';
export type { DocumentLint, Linter, LinterOptions } from './lint-document.js';
export { findDefaultRuleset, loadRuleset, RECOMMENDED, RulesetError } from './ruleset/load-ruleset.js';
export type { LoadedRuleset, RulesetOptions } from './ruleset/load-ruleset.js';
export {
  interlockRecommended,
  interlockRuleIds,
  ruleDocumentationUrl,
} from './ruleset/interlock-recommended.js';
export { EXEMPTION } from './ruleset/functions/exemption.js';
export { createFileCache, createMemoryCache } from './cache.js';
export type { CacheEntry, LintCache } from './cache.js';
export { fingerprint, toPointer } from './fingerprint.js';
export { readBaseline, withoutBaseline } from './baseline.js';
export { formatters, FORMAT_NAMES } from './formatters/index.js';
export type { FormatName } from './formatters/index.js';
export type { Formatter, FormatOptions } from './formatters/types.js';
export { SEVERITIES, severityRank } from './types.js';
export type { FileLint, Finding, Position, Severity } from './types.js';
