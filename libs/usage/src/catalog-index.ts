import { createRouteMatcher, type Api, type Operation, type RouteMatcher } from '@interlock/openapi';

/** What the collector knows of one API: its latest version's operations and a route matcher over them. */
export interface KnownApi {
  apiId: string;
  version: string;
  operations: Operation[];
  matcher: RouteMatcher;
}

/**
 * Service name → API, from the catalog: an explicit mapping first, then a spec's `x-service-name`, then the API id.
 * Built once per catalog change; route matchers are compiled here, not per span.
 */
export class ApiDirectory {
  private readonly byService = new Map<string, KnownApi>();
  private readonly byId = new Map<string, KnownApi>();

  constructor(apis: Api[], serviceToApi: Record<string, string> = {}) {
    for (const api of apis) {
      let matcher: RouteMatcher | undefined;
      const known: KnownApi = {
        apiId: api.id,
        version: api.version,
        operations: api.operations,
        // Built on first use: reports never match routes, and a large API's matcher takes tens of milliseconds.
        get matcher() {
          return (matcher ??= createRouteMatcher(api));
        },
      };
      this.byId.set(api.id, known);
      if (api.serviceName && !this.byService.has(api.serviceName)) this.byService.set(api.serviceName, known);
    }
    for (const [service, apiId] of Object.entries(serviceToApi)) {
      const known = this.byId.get(apiId);
      if (known) this.byService.set(service, known);
    }
  }

  get apis(): KnownApi[] {
    return [...this.byId.values()];
  }

  forService(serviceName: string): KnownApi | undefined {
    return this.byService.get(serviceName) ?? this.byId.get(serviceName);
  }

  api(apiId: string): KnownApi | undefined {
    return this.byId.get(apiId);
  }
}
