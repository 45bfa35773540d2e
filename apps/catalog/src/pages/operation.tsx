import type { JsonSchema, MediaType, Operation, Parameter } from '@interlock/openapi';
import { raw } from 'hono/html';
import { DataTable, Method, operationAnchor, schemaAnchor } from './components.js';
import { renderMarkdown } from './markdown.js';

const MAX_EXAMPLE_CHARS = 4000;

/** One operation's reference: parameters, request body, responses and security, with its own anchor. */
export function OperationDoc({ op }: { op: Operation }) {
  const anchor = operationAnchor(op.method, op.path);
  return (
    <section class="operation" id={anchor} aria-label={`${op.method} ${op.path}`}>
      <h3>
        <Method method={op.method} /> <code class={op.deprecated ? 'deprecated' : ''}>{op.path}</code>{' '}
        {op.deprecated ? (
          <span class="badge lc-deprecated">deprecated{op.sunset ? `, sunset ${op.sunset}` : ''}</span>
        ) : (
          ''
        )}{' '}
        <a
          href={`#${encodeURIComponent(anchor)}`}
          class="muted"
          aria-label={`Link to ${op.method} ${op.path}`}
        >
          #
        </a>
      </h3>
      {op.summary ? <p>{op.summary}</p> : ''}
      {op.operationId ? (
        <p class="muted">
          operationId <code>{op.operationId}</code>
          {op.tags.length ? ` · ${op.tags.join(', ')}` : ''}
        </p>
      ) : (
        ''
      )}
      <Markdown text={op.description} />
      {op.parameters.length ? <Parameters parameters={op.parameters} /> : ''}
      {op.requestBody ? (
        <>
          <h4>Request body{op.requestBody.required ? ' (required)' : ''}</h4>
          <Markdown text={op.requestBody.description} />
          {op.requestBody.content.map((m) => (
            <Media media={m} />
          ))}
        </>
      ) : (
        ''
      )}
      <h4>Responses</h4>
      <dl>
        {op.responses.map((r) => (
          <>
            <dt>
              <code>{r.status}</code>
            </dt>
            <dd>
              <Markdown text={r.description} />
              {r.content.map((m) => (
                <Media media={m} />
              ))}
            </dd>
          </>
        ))}
      </dl>
      <p class="muted">
        Security:{' '}
        {op.security.length === 0
          ? 'none'
          : op.security
              .map((alt) =>
                alt.length === 0
                  ? 'anonymous'
                  : alt
                      .map((s) => (s.scopes.length ? `${s.scheme} (${s.scopes.join(', ')})` : s.scheme))
                      .join(' + '),
              )
              .join(' or ')}
      </p>
    </section>
  );
}

function Parameters({ parameters }: { parameters: Parameter[] }) {
  return (
    <>
      <h4>Parameters</h4>
      <DataTable columns={['Name', 'In', 'Type', 'Description']}>
        {parameters.map((p) => (
          <tr>
            <td>
              <code class={p.deprecated ? 'deprecated' : ''}>{p.name}</code>
              {p.required ? <span class="muted"> required</span> : ''}
            </td>
            <td>{p.in}</td>
            <td>
              <SchemaType schema={p.schema} />
            </td>
            <td>
              <Markdown text={p.description} />
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

function Media({ media }: { media: MediaType }) {
  return (
    <div>
      <p>
        <code>{media.mediaType}</code>
        {media.schema !== undefined ? (
          <>
            {' '}
            · <SchemaType schema={media.schema} />
          </>
        ) : (
          ''
        )}
      </p>
      {media.examples.slice(0, 3).map((e) => (
        <pre>
          <code>{exampleText(e)}</code>
        </pre>
      ))}
    </div>
  );
}

/** A schema in a few words: a link to a named schema, `array of X`, or its type. */
export function SchemaType({ schema }: { schema: JsonSchema | undefined }) {
  if (schema === undefined) return <span class="muted">–</span>;
  if (typeof schema === 'boolean') return <span>{schema ? 'any' : 'nothing'}</span>;
  const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  if (ref) {
    const name = decodeURIComponent(ref.split('/').pop() ?? ref)
      .replace(/~1/g, '/')
      .replace(/~0/g, '~');
    return <a href={`#${encodeURIComponent(schemaAnchor(name))}`}>{name}</a>;
  }
  const type = Array.isArray(schema.type)
    ? schema.type.join(' | ')
    : typeof schema.type === 'string'
      ? schema.type
      : '';
  if (type === 'array' && schema.items !== undefined)
    return (
      <span>
        array of <SchemaType schema={schema.items as JsonSchema} />
      </span>
    );
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const parts = schema[key];
    if (Array.isArray(parts) && parts.length)
      return (
        <span>
          {key === 'allOf' ? 'all of ' : 'one of '}
          {parts.slice(0, 5).map((s, i) => (
            <>
              {i ? ', ' : ''}
              <SchemaType schema={s as JsonSchema} />
            </>
          ))}
        </span>
      );
  }
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  const values = Array.isArray(schema.enum) ? `: ${schema.enum.slice(0, 8).map(String).join(' | ')}` : '';
  return <span>{`${type || 'object'}${format}${values}`}</span>;
}

export function Markdown({ text }: { text: string | undefined }) {
  if (!text) return <></>;
  return <div class="markdown">{raw(renderMarkdown(text))}</div>;
}

function exampleText(example: unknown): string {
  let text: string;
  try {
    text = typeof example === 'string' ? example : (JSON.stringify(example, null, 2) ?? String(example));
  } catch {
    text = String(example);
  }
  return text.length > MAX_EXAMPLE_CHARS ? `${text.slice(0, MAX_EXAMPLE_CHARS)}\n…` : text;
}
