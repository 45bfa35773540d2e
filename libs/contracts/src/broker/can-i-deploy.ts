import type { Sql } from '@interlock/store';
import type { BrokerResult } from './broker.js';
import {
  latestBy,
  summarise,
  type MatrixIntegration,
  type MatrixRow,
  type MatrixSummary,
  type ResolvedSelector,
} from './matrix.js';
import { validateMatrixQuery, type MatrixQuery } from './matrix-query.js';
import { fillVersionFacts, integrationsOf, matrixRows, resolveSelectors } from './repository/matrix.js';
import * as repo from './repository/index.js';
import { withProviderContracts } from './provider-contracts.js';

export interface MatrixAnswer {
  rows: MatrixRow[];
  summary: MatrixSummary;
  selectors: ResolvedSelector[];
}

const refuse = (status: 400, errors: string[]) => ({ ok: false as const, status, errors });

/**
 * The matrix and can-i-deploy: the selected versions, their integration partners as the target has them (the
 * versions in the environment, the latest with the tag or on the main branch), the rows between them, and the
 * Pact Broker's deployment rule over those rows.
 */
export async function answerMatrix(sql: Sql, query: MatrixQuery): Promise<BrokerResult<MatrixAnswer>> {
  const errors = validateMatrixQuery(query);
  if (errors.length) return refuse(400, errors);
  const names = [...new Set(query.selectors.map((s) => s.pacticipant as string))];
  const found = await sql.query<{ id: string; name: string }>(
    'SELECT id, name FROM broker_pacticipants WHERE name = ANY ($1)',
    [names],
  );
  const ids = new Map(found.rows.map((r) => [r.name, Number(r.id)]));
  for (const name of names) if (!ids.has(name)) errors.push(`Pacticipant ${name} not found`);
  if (query.environment !== undefined && !(await repo.findEnvironment(sql, { name: query.environment })))
    errors.push(`Environment with name '${query.environment}' does not exist`);
  if (errors.length) return refuse(400, errors);
  const specified: ResolvedSelector[] = [];
  for (const s of query.selectors) {
    const name = s.pacticipant as string;
    specified.push(...(await resolveSelectors(sql, [{ id: ids.get(name) as number, name }], s, true)));
  }
  const selectors = [...specified];
  const pairs: [ResolvedSelector, ResolvedSelector][] = [];
  const integrations: MatrixIntegration[] = [];
  const ignored = (name: string) =>
    query.ignore.some((i) => i.pacticipant === name && i.version === undefined);
  const target = {
    latest: query.latest,
    tag: query.tag,
    mainBranch: query.mainBranch,
    environment: query.environment,
  };
  const hasTarget = Boolean(query.environment !== undefined || query.mainBranch || query.latest);
  if (specified.length === 1 || hasTarget) {
    // "Can I deploy X": X's integration partners, as the target has them (resolved together, in one query).
    const found = await Promise.all(specified.map((s) => integrationsOf(sql, s)));
    const partners = new Map<number, { id: number; name: string }>();
    for (const { asConsumer, asProvider } of found)
      for (const p of [...asConsumer, ...asProvider])
        if (!selectors.some((x) => x.pacticipantId === p.id)) partners.set(p.id, p);
    selectors.push(...(await resolveSelectors(sql, [...partners.values()], inferredSelector(target), false)));
    const selectorOf = (id: number) => selectors.find((x) => x.pacticipantId === id) as ResolvedSelector;
    specified.forEach((s, i) => {
      const { asConsumer, asProvider } = found[i] as (typeof found)[number];
      for (const p of asConsumer) {
        pairs.push([s, selectorOf(p.id)]);
        integrations.push({
          consumer: s.pacticipant,
          provider: p.name,
          required: true,
          ignored: ignored(p.name),
        });
      }
      for (const c of asProvider) {
        const other = selectorOf(c.id);
        if (pairs.some(([a, b]) => a === other && b === s)) continue;
        pairs.push([other, s]);
        integrations.push({
          consumer: c.name,
          provider: s.pacticipant,
          required: false,
          ignored: ignored(c.name),
        });
      }
    });
  } else {
    for (const a of specified) {
      const { asConsumer } = await integrationsOf(sql, a);
      for (const b of specified) {
        if (a === b || !asConsumer.some((p) => p.id === b.pacticipantId)) continue;
        pairs.push([a, b]);
        integrations.push({
          consumer: a.pacticipant,
          provider: b.pacticipant,
          required: true,
          ignored: ignored(b.pacticipant) || ignored(a.pacticipant),
        });
      }
    }
  }
  let rows: MatrixRow[] = [];
  rows.push(...(await withProviderContracts(sql, await matrixRows(sql, pairs), pairs)));
  await fillVersionFacts(sql, rows);
  rows = latestBy(
    rows,
    query.latestby === 'cvp' && !hasTarget && specified.length > 1
      ? 'cvp'
      : query.latestby
        ? 'cvpv'
        : undefined,
  );
  for (const r of rows)
    r.ignored = query.ignore.some(
      (i) =>
        (i.pacticipant === r.consumer &&
          (i.version === undefined || i.version === r.consumerVersion.number)) ||
        (i.pacticipant === r.provider &&
          (i.version === undefined || i.version === r.providerVersion?.number)),
    );
  const ignoreWarnings: string[] = [];
  for (const i of query.ignore) {
    const p = await repo.findPacticipant(sql, i.pacticipant as string);
    const exists = p && (i.version === undefined || (await repo.findVersion(sql, p.name, i.version)));
    if (!exists)
      ignoreWarnings.push(
        `WARN: Cannot ignore ${i.version ? `version ${i.version} of ` : ''}${i.pacticipant} (not found)`,
      );
  }
  const summary = summarise(rows, selectors, integrations, {
    targetGiven: query.environment !== undefined || Boolean(query.mainBranch) || query.tag !== undefined,
    ignoreGiven: query.ignore.length > 0,
    ignoreWarnings,
  });
  if (query.success?.length)
    rows = rows.filter((r) => query.success?.includes(r.verification?.success ?? false) && r.verification);
  if (query.limit) rows = rows.slice(0, query.limit);
  return { ok: true, rows, summary, selectors };
}

function inferredSelector(target: {
  latest?: boolean | undefined;
  tag?: string | undefined;
  mainBranch?: boolean | undefined;
  environment?: string | undefined;
}) {
  if (target.environment !== undefined) return { environment: target.environment };
  if (target.mainBranch) return { mainBranch: true, latest: true };
  if (target.tag !== undefined) return { tag: target.tag, latest: target.latest ?? false };
  if (target.latest) return { latest: true };
  return {};
}
