import type { Sql } from '@interlock/store';
import { pactSha, parsePactContent } from './content.js';
import { selectPactsForVerification } from './for-verification.js';
import type { MatrixQuery } from './matrix-query.js';

import { pactCandidates, publishPact, verificationFacts } from './repository/index.js';
import * as repo from './repository/index.js';
import { answerMatrix, type MatrixAnswer } from './can-i-deploy.js';
import { validatePublish } from './publish-input.js';
import { parseConsumerVersionSelectors } from './selectors.js';
import { compareContents, publishProviderContract } from './provider-contracts.js';
import type { StoredComparison } from './repository/index.js';
import type { PactPublication, PacticipantVersion, ProviderContract, SelectedPact } from './types.js';

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
  matrix(query: MatrixQuery): Promise<BrokerResult<MatrixAnswer>> {
    return answerMatrix(this.sql, query);
  }

  /** `POST /provider-contracts/provider/{p}/publish`: a provider version's OpenAPI spec (PactFlow's API). */
  publishProviderContract(provider: string, input: unknown) {
    return publishProviderContract(this.sql, provider, input);
  }

  /** The spec a provider version published, with its content. */
  providerContract(provider: string, version: string): Promise<ProviderContract | undefined> {
    return repo.findProviderContract(this.sql, provider, version);
  }

  /**
   * The check of a consumer version's pact against a provider version's spec, with its findings: what the
   * matrix row of a provider contract links to.
   */
  async crossContractCheck(
    provider: string,
    providerVersion: string,
    consumer: string,
    consumerVersion: string,
  ): Promise<BrokerResult<{ contract: ProviderContract; pact: PactPublication; check: StoredComparison }>> {
    const contract = await repo.findProviderContract(this.sql, provider, providerVersion);
    if (!contract)
      return refuse(404, [
        `No provider contract has been published for version ${providerVersion} of ${provider}`,
      ]);
    const pact = await repo.findPact(this.sql, { consumer, provider, version: consumerVersion });
    if (!pact)
      return refuse(404, [
        `No pact between version ${consumerVersion} of ${consumer} and ${provider} was found`,
      ]);
    const check = await compareContents(this.sql, pact.pactVersionId, contract.contentId);
    return { ok: true, contract, pact, check };
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

function optionalString(value: unknown, name: string, errors: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') errors.push(`${name} must be a non-empty string`);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
