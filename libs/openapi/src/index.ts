export { loadSpec, loadSpecText, deriveId, slug } from './load.js';
export { SpecError, isSpecError } from './errors.js';
export { createRouteMatcher } from './route-matcher.js';
export type { RouteMatch, RouteMatcher } from './route-matcher.js';
export { getAt, joinPointer, splitPointer } from './pointer.js';
export type {
  Api,
  Header,
  HttpMethod,
  JsonSchema,
  Lifecycle,
  LoadedSpec,
  LoadOptions,
  MediaType,
  Operation,
  Owner,
  Parameter,
  RequestBody,
  Response,
  SchemaSummary,
  SecurityRequirement,
  SecurityScheme,
  Server,
  SourceLocation,
  SpecErrorCode,
  SpecFormat,
  Tag,
} from './types.js';
