import type { ApiSummary, SearchHit } from '@interlock/store';
import {
  apiHref,
  Highlighted,
  LifecycleBadge,
  Method,
  operationHref,
  schemaAnchor,
  versionHref,
} from './components.js';
import { Layout } from './layout.js';

export interface SearchProps {
  query: string;
  hits: SearchHit[];
  apis: ApiSummary[];
  apiTotal: number;
  /** A message when the query cannot be run (too long). */
  problem?: string;
}

/** Operations and schemas across every API's latest version, matched words highlighted, linking to the operation. */
export function SearchPage({ query, hits, apis, apiTotal, problem }: SearchProps) {
  const operations = hits.filter((h) => h.kind === 'operation');
  const schemas = hits.filter((h) => h.kind === 'schema');
  return (
    <Layout title={query ? `Search: ${query}` : 'Search'} current="search" query={query}>
      <h1>{query ? <>Results for “{query}”</> : 'Search'}</h1>
      {problem ? <p class="empty">{problem}</p> : ''}
      {!query && !problem ? (
        <p class="lead">Type words from an operation, a path or a schema in the box above.</p>
      ) : (
        ''
      )}
      {query && !problem ? (
        <>
          <section aria-labelledby="found-apis">
            <h2 id="found-apis">APIs ({apiTotal})</h2>
            {apis.length ? (
              <ul class="hits">
                {apis.map((a) => (
                  <li>
                    <a href={apiHref(a.id)}>{a.title}</a> <LifecycleBadge lifecycle={a.lifecycle} />{' '}
                    <span class="where">
                      {a.id} · {a.latestVersion}
                    </span>
                  </li>
                ))}
                {apiTotal > apis.length ? (
                  <li>
                    <a href={`/?q=${encodeURIComponent(query)}`}>
                      All {apiTotal} APIs matching “{query}”
                    </a>
                  </li>
                ) : (
                  ''
                )}
              </ul>
            ) : (
              <p class="muted">No API title, id or owner matches.</p>
            )}
          </section>
          <section aria-labelledby="found-operations">
            <h2 id="found-operations">Operations ({operations.length})</h2>
            {operations.length ? (
              <ol class="hits">
                {operations.map((h) => (
                  <li>
                    <Method method={h.method ?? ''} />{' '}
                    <a href={operationHref(h.apiId, h.version, h.name)}>
                      <Highlighted text={h.snippet ?? h.name} />
                    </a>
                    <div class="where">
                      {h.apiTitle} · {h.version}
                      {h.operationId ? ` · ${h.operationId}` : ''}
                    </div>
                  </li>
                ))}
              </ol>
            ) : (
              <p class="muted">No operation matches.</p>
            )}
          </section>
          <section aria-labelledby="found-schemas">
            <h2 id="found-schemas">Schemas ({schemas.length})</h2>
            {schemas.length ? (
              <ol class="hits">
                {schemas.map((h) => (
                  <li>
                    <a href={versionHref(h.apiId, h.version, schemaAnchor(h.name))}>
                      <Highlighted text={h.snippet ?? h.name} />
                    </a>
                    <div class="where">
                      {h.apiTitle} · {h.version}
                    </div>
                  </li>
                ))}
              </ol>
            ) : (
              <p class="muted">No schema matches.</p>
            )}
          </section>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}
