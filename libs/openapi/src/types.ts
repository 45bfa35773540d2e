// The one model of a spec. Every feature reads OpenAPI through these shapes; nothing else parses specs by hand.

/** Where a node came from. `file` is relative to the spec's root folder (POSIX separators); line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** JSON pointer of the node inside `file` (RFC 6901, `#`-less: `/paths/~1customers/get`). */
  pointer: string;
}

export type SpecFormat = 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

export type Lifecycle = 'experimental' | 'beta' | 'stable' | 'deprecated' | 'retired';

/** A JSON Schema as found in the spec, with every `$ref` rewritten to point into the bundled document (`#/components/schemas/Name`). */
export type JsonSchema = { [key: string]: unknown } | boolean;

export interface Server {
  url: string;
  description?: string;
  /** The path part of `url` with variables at their defaults and no trailing slash: `/v1`, or `` for the root. */
  basePath: string;
}

export interface Tag {
  name: string;
  description?: string;
}

export interface Owner {
  name?: string;
  email?: string;
  url?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  deprecated: boolean;
  description?: string;
  style?: string;
  explode?: boolean;
  schema?: JsonSchema;
  location: SourceLocation;
}

export interface MediaType {
  mediaType: string;
  schema?: JsonSchema;
  /** Named and single examples, as written. */
  examples: unknown[];
  location: SourceLocation;
}

export interface RequestBody {
  required: boolean;
  description?: string;
  content: MediaType[];
  location: SourceLocation;
}

export interface Header {
  name: string;
  required: boolean;
  deprecated: boolean;
  description?: string;
  schema?: JsonSchema;
  location: SourceLocation;
}

export interface Response {
  /** `200`, `4XX`, `default`. */
  status: string;
  description?: string;
  content: MediaType[];
  headers: Header[];
  location: SourceLocation;
}

/** One alternative of a security requirement: every scheme listed must be satisfied. `[]` means anonymous. */
export type SecurityRequirement = { scheme: string; scopes: string[] }[];

export interface SecurityScheme {
  name: string;
  type: string;
  /** apiKey: header|query|cookie; http: the scheme (bearer, basic). */
  in?: string;
  scheme?: string;
  location: SourceLocation;
}

export interface Operation {
  /** `GET /customers/{id}`: unique inside an API version. */
  key: string;
  method: HttpMethod;
  /** The path template as written under `paths`. */
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  /** From `x-sunset` (a date) when present. */
  sunset?: string;
  /** Path-level and operation-level parameters merged; operation-level ones win. */
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: Response[];
  /** The effective requirement: the operation's own `security`, else the document's. `[]` means public. */
  security: SecurityRequirement[];
  /** Extensions (`x-*`) on the operation, as written. */
  extensions: Record<string, unknown>;
  location: SourceLocation;
}

export interface SchemaSummary {
  /** The component name (`Customer`). */
  name: string;
  title?: string;
  description?: string;
  type?: string;
  /** Top-level property names, for search. */
  properties: string[];
  location: SourceLocation;
}

/** The normalised API: one version of one spec. Serialisable to JSON as is. */
export interface Api {
  /** Stable id: `x-api-id`, else derived from the spec's file name or title (lower-case kebab). */
  id: string;
  title: string;
  version: string;
  description?: string;
  format: SpecFormat;
  /** The `openapi` / `swagger` field as written. */
  specVersion: string;
  servers: Server[];
  tags: Tag[];
  owner?: Owner;
  lifecycle: Lifecycle;
  /** `x-service-name`: the OpenTelemetry `service.name` that serves this API. */
  serviceName?: string;
  operations: Operation[];
  schemas: SchemaSummary[];
  securitySchemes: SecurityScheme[];
  /** Extensions (`x-*`) on `info` and the root, as written. */
  extensions: Record<string, unknown>;
  location: SourceLocation;
}

/** A loaded spec: the model, the bundled OpenAPI 3.x document it was built from, and the way back to the sources. */
export interface LoadedSpec {
  api: Api;
  /**
   * The bundled document: one self-contained OpenAPI object (3.0 or 3.1 shape; Swagger 2.0 is converted), with
   * external `$ref`s inlined into `components` and every remaining `$ref` local.
   */
  document: Record<string, unknown>;
  /** Every file read, relative to the root folder, with its text exactly as read. The root file comes first. */
  files: {
    path: string;
    text: string;
    /** The text's UTF-8 exactly as read from disk, when the file was valid UTF-8 without a byte order mark. */
    bytes?: Uint8Array;
    mediaType: 'application/yaml' | 'application/json';
  }[];
  /** Maps a JSON pointer into `document` to where that node was written. */
  locate(pointer: string): SourceLocation | undefined;
  /** `locate` for many pointers at once: one pass over each file, whatever the number of pointers. */
  locateAll(pointers: readonly string[]): (SourceLocation | undefined)[];
}

export type SpecErrorCode =
  | 'io'
  | 'syntax'
  | 'not-openapi'
  | 'unsupported-version'
  | 'too-large'
  | 'too-deep'
  | 'alias-limit'
  | 'ref-not-allowed'
  | 'ref-not-found'
  | 'ref-limit'
  | 'invalid';

export interface LoadOptions {
  /** Largest document, in bytes, per file and in total. Default 50 MiB. */
  maxBytes?: number;
  /** Deepest nesting of objects and arrays. Default 512. */
  maxDepth?: number;
  /** Most YAML alias expansions per file (alias bombs). Default 10,000. */
  maxAliases?: number;
  /** Most `$ref`s followed in one chain. Default 64. */
  maxRefHops?: number;
  /** Allow `$ref`s to files outside the spec's folder. Default false. */
  allowOutsideRefs?: boolean;
  /**
   * Allow `$ref`s to http and https URLs: each document is fetched once (within 10 s and maxBytes), and the relative
   * `$ref`s in it name URLs too. Default false: nothing a spec names is fetched.
   */
  allowUrlRefs?: boolean;
  /** The API id to use instead of the derived one. */
  apiId?: string;
  /**
   * Find where each node of the model was written (line and column). Default true. Off, the model's locations hold
   * only pointers into the bundled document (file '', line and column 0): for a caller that keeps the model's content
   * and not the model itself, such as indexing, where finding them was a fifth of the work.
   */
  locations?: boolean;
}
