import { toPointer } from '@interlock/lint';
import type { Api } from '@interlock/openapi';
import type { LintSeverity, StoredFinding, StoredLint } from '@interlock/store';
import { GradeBadge, operationHref, schemaAnchor } from './components.js';

/** Findings shown per rule; the rest are in the JSON (`…/lint`). Keeps a page of a very noisy spec small. */
const PER_RULE = 25;
const RANK: Record<LintSeverity, number> = { error: 0, warn: 1, info: 2, hint: 3 };
const NOUN: Record<LintSeverity, [string, string]> = {
  error: ['error', 'errors'],
  warn: ['warning', 'warnings'],
  info: ['info', 'infos'],
  hint: ['hint', 'hints'],
};

export interface LintSectionProps {
  lint: StoredLint | undefined;
  api: Api;
  apiId: string;
  version: string;
}

/** A version's lint: grade and counts, then findings grouped by rule (worst first), each linked to where it is. */
export function LintSection({ lint, api, apiId, version }: LintSectionProps) {
  const json = `/api/apis/${encodeURIComponent(apiId)}/versions/${encodeURIComponent(version)}/lint`;
  return (
    <section id="lint" aria-labelledby="lint-h">
      <h2 id="lint-h">Lint findings</h2>
      {!lint || lint.status === 'queued' || lint.status === 'running' ? (
        <p class="empty">
          Lint pending: this version{' '}
          {lint?.status === 'running' ? 'is being linted' : 'is queued for linting'}.
        </p>
      ) : lint.status !== 'done' ? (
        <p class="empty">
          {lint.status === 'timed-out' ? 'Lint stopped' : 'Lint failed'}: {lint.message ?? 'no reason given'}.
        </p>
      ) : (
        <>
          <p>
            <GradeBadge grade={lint.grade} /> {summarise(lint.counts)} · linted {lint.lintedAt?.slice(0, 10)}{' '}
            · <a href={json}>JSON</a>
          </p>
          {byRule(lint.findings).map(([code, findings]) => (
            <RuleFindings code={code} findings={findings} locate={locator(api, apiId, version)} />
          ))}
        </>
      )}
    </section>
  );
}

function RuleFindings(props: {
  code: string;
  findings: StoredFinding[];
  locate: (finding: StoredFinding) => { href: string; label: string } | undefined;
}) {
  const first = props.findings[0] as StoredFinding;
  const anchors = anchorsOf(props.findings);
  return (
    <div class="lint-rule">
      <h3>
        <span class={`badge sev-${first.severity}`}>{first.severity}</span> <code>{props.code}</code>{' '}
        <span class="muted">× {props.findings.length}</span>
        {first.documentationUrl ? (
          <>
            {' '}
            <a href={first.documentationUrl} rel="noopener noreferrer">
              rule
            </a>
          </>
        ) : (
          ''
        )}
      </h3>
      <ol class="findings">
        {props.findings.slice(0, PER_RULE).map((f, i) => {
          const at = props.locate(f);
          return (
            <li id={anchors[i]}>
              {f.message} <span class="muted">line {f.range.start.line + 1}</span>{' '}
              {at ? (
                <a href={at.href}>
                  <code>{at.label}</code>
                </a>
              ) : (
                <code class="muted">{toPointer(f.path) || '(the document)'}</code>
              )}{' '}
              <a href={`#${anchors[i]}`} aria-label="Link to this finding">
                #
              </a>
            </li>
          );
        })}
      </ol>
      {props.findings.length > PER_RULE ? (
        <p class="muted">and {props.findings.length - PER_RULE} more in the JSON.</p>
      ) : (
        ''
      )}
    </div>
  );
}

/** Rules worst severity first, then by how many findings they have. */
function byRule(findings: StoredFinding[]): [string, StoredFinding[]][] {
  const groups = new Map<string, StoredFinding[]>();
  for (const f of findings) {
    const list = groups.get(f.code);
    if (list) list.push(f);
    else groups.set(f.code, [f]);
  }
  const worst = (list: StoredFinding[]) => Math.min(...list.map((f) => RANK[f.severity]));
  return [...groups].sort(([, a], [, b]) => worst(a) - worst(b) || b.length - a.length);
}

/** Where a finding is: its operation, or its schema, on the version's page. */
function locator(api: Api, apiId: string, version: string) {
  const operations = new Set(api.operations.map((o) => o.key));
  const schemas = new Set(api.schemas.map((s) => s.name));
  return (finding: StoredFinding) => {
    const [root, second, third] = finding.path.map(String);
    const key = `${third?.toUpperCase()} ${second}`;
    if (root === 'paths' && operations.has(key))
      return { href: operationHref(apiId, version, key), label: key };
    const schema =
      root === 'components' && second === 'schemas' ? third : root === 'definitions' ? second : undefined;
    if (schema !== undefined && schemas.has(schema))
      return { href: `#${encodeURIComponent(schemaAnchor(schema))}`, label: schema };
    return undefined;
  };
}

/** `finding-<fingerprint>`, with a suffix when two findings of a rule share a place. */
function anchorsOf(findings: StoredFinding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const n = (seen.get(f.fingerprint) ?? 0) + 1;
    seen.set(f.fingerprint, n);
    return n === 1 ? `finding-${f.fingerprint}` : `finding-${f.fingerprint}-${n}`;
  });
}

function summarise(counts: Record<LintSeverity, number>): string {
  const parts = (Object.keys(NOUN) as LintSeverity[])
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${NOUN[s][counts[s] === 1 ? 0 : 1]}`);
  return parts.length ? parts.join(', ') : 'No findings';
}
