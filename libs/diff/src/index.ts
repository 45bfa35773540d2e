export { diffSpecs } from './diff.js';
export { DEFAULT_LEVELS, isKnownCheck } from './recorder.js';
export type { Change, ChangeSide, DiffOptions, Level } from './types.js';
export { LEVEL_RANK } from './types.js';
