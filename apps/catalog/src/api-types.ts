import type { components } from './generated/catalog-api.js';

// The catalog API's shapes, generated from specs/interlock-catalog.openapi.yaml.
export type Schemas = components['schemas'];
export type ApiPage = Schemas['ApiPage'];
export type ApiDetail = Schemas['ApiDetail'];
export type VersionList = Schemas['VersionList'];
export type VersionDetail = Schemas['VersionDetail'];
export type PublishResult = Schemas['PublishResult'];
export type SearchResult = Schemas['SearchResult'];
export type LintResult = Schemas['LintResult'];
export type Problem = Schemas['Problem'];
export type SpecProblem = Schemas['SpecProblem'];
export type Health = Schemas['Health'];
