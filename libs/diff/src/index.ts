export { diffSpecs } from './diff.js';
export { DEFAULT_LEVELS, isKnownCheck } from './recorder.js';
export type { Change, ChangeSide, DiffOptions, Level } from './types.js';
export { LEVEL_RANK } from './types.js';
export { formatChanges, DIFF_FORMATS } from './format.js';
export type { DiffFormat, FormatContext } from './format.js';
export { parseDiffConfig, DiffConfigError } from './config.js';
