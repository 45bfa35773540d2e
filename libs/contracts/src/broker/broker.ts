import type { Sql } from '@interlock/store';
import { pactSha, parsePactContent } from './content.js';
import { selectPactsForVerification } from './for-verification.js';
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
import { pactCandidates, publishPact, verificationFacts } from './repository/index.js';
import * as repo from './repository/index.js';
import { parseConsumerVersionSelectors } from './selectors.js';
import type { PactPublication, PacticipantVersion, SelectedPact } from './types.js';

/** An expected refusal, in the Pact Broker's terms: a status and its `errors` body. */
export interface BrokerRefusal {
  ok: false;
  status: 400 | 404 | 409;
  errors: string[] | Record<string, string[]>;
}
export type BrokerResult<T> = ({ ok: true } & T) | BrokerRefusal;

const refuse = (status: 400 | 404 | 409, errors: string[] | Record<string, string[]>): BrokerRefusal => ({
  ok: false,
  status,
  errors,
});

export interface ContractInput {
  consumerName: string;
  providerName: string;
  specification: string;
  contentType: string;
  /** base64 */
  content: string;
}

export interface PublishContractsInput {
  pacticipantName: string;
  pacticipantVersionNumber: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
  contracts: ContractInput[];
}

export interface PublishedContract {
  consumer: string;
  provider: string;
  consumerVersion: string;
  sha: string;
  status: 'created' | 'unchanged';
}

/** The Pact Broker's services over the store: each write is one transaction, refused whole or done whole. */
export class Broker {
  constructor(readonly sql: Sql) {}

  /** `POST /contracts/publish`: the version, its branch and tags, and each pact, in one transaction. */
  async publishContracts(input: unknown): Promise<
    BrokerResult<{
      version: PacticipantVersion;
      contracts: PublishedContract[];
      logs: { level: string; message: string }[];
    }>
  > {
    const errors = validatePublish(input);
    if (Object.keys(errors).length) return refuse(400, errors);
    const body = input as PublishContractsInput;
    const decoded: { c: ContractInput; text: string; pact: Record<string, unknown> }[] = [];
    for (const [i, c] of body.contracts.entries()) {
      const text = Buffer.from(c.content, 'base64').toString('utf8');
      const parsed = parsePactContent(text, { consumer: c.consumerName, provider: c.providerName });
      if (!parsed.ok)
        return refuse(
          400,
          Object.fromEntries(
            Object.entries(parsed.errors).map(([k, v]) => [`contracts[${i}].content.${k}`, v]),
          ),
        );
      if (c.consumerName !== body.pacticipantName)
        return refuse(400, {
          [`contracts[${i}].consumerName`]: [`must match the pacticipantName (${body.pacticipantName})`],
        });
      decoded.push({ c, text, pact: parsed.pact });
    }
    try {
      return await this.sql.transaction(async (tx) => {
        const { version } = await repo.ensureVersion(
          tx,
          body.pacticipantName,
          body.pacticipantVersionNumber,
          { buildUrl: body.buildUrl },
        );
        const logs: { level: string; message: string }[] = [];
        if (body.branch) await repo.addBranchVersion(tx, version, body.branch);
        for (const tag of body.tags ?? []) await repo.addTag(tx, version.id, tag);
        const contracts: PublishedContract[] = [];
        for (const { c, text, pact } of decoded) {
          const consumer =
            (await repo.findPacticipant(tx, c.consumerName)) ??
            (await repo.upsertPacticipant(tx, c.consumerName)).pacticipant;
          const provider =
            (await repo.findPacticipant(tx, c.providerName)) ??
            (await repo.upsertPacticipant(tx, c.providerName)).pacticipant;
          const sha = pactSha(pact);
          const result = await publishPact(tx, {
            consumerId: consumer.id,
            providerId: provider.id,
            consumerVersionId: version.id,
            sha,
            content: text,
          });
          if (result.status === 'conflict')
            throw new Conflict(c.consumerName, c.providerName, body.pacticipantVersionNumber);
          contracts.push({
            consumer: c.consumerName,
            provider: c.providerName,
            consumerVersion: version.number,
            sha,
            status: result.status,
          });
          logs.push({
            level: 'info',
            message:
              result.status === 'created'
                ? `Created pact between ${c.consumerName} (${version.number}) and ${c.providerName}`
                : `Pact between ${c.consumerName} (${version.number}) and ${c.providerName} unchanged`,
          });
        }
        const fresh = (await repo.findVersion(
          tx,
          body.pacticipantName,
          body.pacticipantVersionNumber,
        )) as PacticipantVersion;
        if (body.branch)
          logs.unshift({
            level: 'info',
            message: `Version ${fresh.number} of ${body.pacticipantName} is on branch ${body.branch}`,
          });
        return { ok: true as const, version: fresh, contracts, logs };
      });
    } catch (error) {
      if (error instanceof Conflict) return refuse(409, [error.message]);
      throw error;
    }
  }

  /** `PUT /pacts/provider/{p}/consumer/{c}/version/{v}`. */
  async putPact(
    consumer: string,
    provider: string,
    versionNumber: string,
    text: string,
  ): Promise<BrokerResult<{ status: 'created' | 'unchanged'; publication: PactPublication }>> {
    const parsed = parsePactContent(text, { consumer, provider });
    if (!parsed.ok) return refuse(400, parsed.errors);
    const sha = pactSha(parsed.pact);
    const result = await this.sql
      .transaction(async (tx) => {
        const { version } = await repo.ensureVersion(tx, consumer, versionNumber);
        const c = (await repo.findPacticipant(tx, consumer)) as { id: number };
        const p =
          (await repo.findPacticipant(tx, provider)) ??
          (await repo.upsertPacticipant(tx, provider)).pacticipant;
        const r = await publishPact(tx, {
          consumerId: c.id,
          providerId: p.id,
          consumerVersionId: version.id,
          sha,
          content: text,
        });
        if (r.status === 'conflict') throw new Conflict(consumer, provider, versionNumber);
        return r;
      })
      .catch((error: unknown) => {
        if (error instanceof Conflict) return error;
        throw error;
      });
    if (result instanceof Conflict) return refuse(409, [result.message]);
    return { ok: true, status: result.status, publication: result.publication };
  }

  /** `pacts/provider/{p}/for-verification`. */
  async pactsForVerification(
    provider: string,
    body: Record<string, unknown>,
    pactUrl?: (sha: string, consumer: string) => string,
  ): Promise<BrokerResult<{ pacts: SelectedPact[] }>> {
    const errors: string[] = [];
    const providerVersionBranch = optionalString(body.providerVersionBranch, 'providerVersionBranch', errors);
    const tags = body.providerVersionTags;
    if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')))
      errors.push('providerVersionTags must be an array of strings');
    const since = body.includeWipPactsSince;
    let sinceMs: number | undefined;
    if (since !== undefined && since !== null) {
      sinceMs = typeof since === 'string' ? Date.parse(since) : NaN;
      if (Number.isNaN(sinceMs))
        errors.push(`includeWipPactsSince must be a date-time, got ${JSON.stringify(since)}`);
    }
    const selectors = parseConsumerVersionSelectors(body.consumerVersionSelectors, { providerVersionBranch });
    if (!selectors.ok) errors.push(...selectors.errors);
    if (errors.length || !selectors.ok) return refuse(400, errors);
    const candidates = await pactCandidates(this.sql, provider);
    if (candidates.length === 0 && !(await repo.findPacticipant(this.sql, provider)))
      return refuse(404, [`No provider with name '${provider}' found`]);
    const facts = await verificationFacts(this.sql, provider, [...new Set(candidates.map((c) => c.sha))]);
    const pacts = selectPactsForVerification(candidates, facts, {
      provider,
      selectors: selectors.selectors,
      providerVersionBranch,
      providerVersionTags: tags as string[] | undefined,
      includePendingStatus: body.includePendingStatus === true,
      includeWipPactsSinceMs: sinceMs,
      ...(pactUrl ? { pactUrl } : {}),
    });
    return { ok: true, pacts };
  }

  /** The matrix and can-i-deploy: rows between the selected versions, and whether they may be deployed. */
  async matrix(
    query: MatrixQuery,
  ): Promise<BrokerResult<{ rows: MatrixRow[]; summary: MatrixSummary; selectors: ResolvedSelector[] }>> {
    const errors = validateMatrixQuery(query);
    if (errors.length) return refuse(400, errors);
    const names = [...new Set(query.selectors.map((s) => s.pacticipant as string))];
    const found = await this.sql.query<{ id: string; name: string }>(
      'SELECT id, name FROM broker_pacticipants WHERE name = ANY ($1)',
      [names],
    );
    const ids = new Map(found.rows.map((r) => [r.name, Number(r.id)]));
    for (const name of names) if (!ids.has(name)) errors.push(`Pacticipant ${name} not found`);
    if (
      query.environment !== undefined &&
      !(await repo.findEnvironment(this.sql, { name: query.environment }))
    )
      errors.push(`Environment with name '${query.environment}' does not exist`);
    if (errors.length) return refuse(400, errors);
    const specified: ResolvedSelector[] = [];
    for (const s of query.selectors) {
      const name = s.pacticipant as string;
      specified.push(...(await resolveSelectors(this.sql, [{ id: ids.get(name) as number, name }], s, true)));
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
      const found = await Promise.all(specified.map((s) => integrationsOf(this.sql, s)));
      const partners = new Map<number, { id: number; name: string }>();
      for (const { asConsumer, asProvider } of found)
        for (const p of [...asConsumer, ...asProvider])
          if (!selectors.some((x) => x.pacticipantId === p.id)) partners.set(p.id, p);
      selectors.push(
        ...(await resolveSelectors(this.sql, [...partners.values()], inferredSelector(target), false)),
      );
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
        const { asConsumer } = await integrationsOf(this.sql, a);
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
    rows.push(...(await matrixRows(this.sql, pairs)));
    await fillVersionFacts(this.sql, rows);
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
      const p = await repo.findPacticipant(this.sql, i.pacticipant as string);
      const exists = p && (i.version === undefined || (await repo.findVersion(this.sql, p.name, i.version)));
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
}

class Conflict extends Error {
  constructor(consumer: string, provider: string, version: string) {
    super(
      `A pact for ${consumer} version ${version} and provider ${provider} has already been published with different content. ` +
        'Publish the changed pact with a new consumer version number (each commit should have its own version).',
    );
  }
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

function optionalString(value: unknown, name: string, errors: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') errors.push(`${name} must be a non-empty string`);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function validatePublish(input: unknown): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (k: string, m: string) => (errors[k] ??= []).push(m);
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { body: ['must be a JSON object'] };
  const b = input as Record<string, unknown>;
  for (const k of ['pacticipantName', 'pacticipantVersionNumber'])
    if (typeof b[k] !== 'string' || (b[k] as string).trim() === '') add(k, 'is missing (a non-empty string)');
  if (b.branch !== undefined && (typeof b.branch !== 'string' || b.branch === ''))
    add('branch', 'must be a non-empty string');
  if (
    b.tags !== undefined &&
    (!Array.isArray(b.tags) || b.tags.some((t) => typeof t !== 'string' || t === ''))
  )
    add('tags', 'must be an array of non-empty strings');
  if (!Array.isArray(b.contracts) || b.contracts.length === 0) add('contracts', 'must be a non-empty array');
  else
    b.contracts.forEach((c: unknown, i) => {
      const at = `contracts[${i}]`;
      if (!c || typeof c !== 'object') return add(at, 'must be an object');
      const x = c as Record<string, unknown>;
      for (const k of ['consumerName', 'providerName', 'content', 'specification', 'contentType'])
        if (typeof x[k] !== 'string' || x[k] === '') add(`${at}.${k}`, 'is missing (a non-empty string)');
      if (typeof x.specification === 'string' && x.specification !== 'pact')
        add(`${at}.specification`, `only 'pact' is supported, got '${x.specification}'`);
      if (typeof x.contentType === 'string' && !/json/i.test(x.contentType))
        add(`${at}.contentType`, 'must be application/json');
      if (typeof x.content === 'string' && !/^[A-Za-z0-9+/=\s_-]*$/.test(x.content))
        add(`${at}.content`, 'must be base64');
    });
  return errors;
}
