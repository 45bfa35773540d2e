// Provider contracts (PactFlow's bi-directional contract testing): a provider version publishes its OpenAPI spec
// instead of verifying pacts, and a consumer pact that the spec satisfies counts as verified in the matrix.
import { isSpecError, loadSpecText, type LoadedSpec } from '@interlock/openapi';
import type { Sql } from '@interlock/store';
import { createHash } from 'node:crypto';
import type { BrokerResult } from './broker.js';
import type { MatrixRow, ResolvedSelector } from './matrix.js';
import * as repo from './repository/index.js';
import { createPactComparator, type PactComparator } from '../compare/compare-pact-to-spec.js';
import { parsePactText } from '../compare/pact.js';
import type { PacticipantVersion, ProviderContract, SelfVerification } from './types.js';

export interface PublishProviderContractInput {
  pacticipantVersionNumber: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
  contract: {
    content: string;
    contentType: string;
    specification: string;
    selfVerificationResults?: Record<string, unknown>;
  };
}

const BASE64 = /^[A-Za-z0-9+/=\s_-]*$/;

/** PactFlow's checks of a `POST /provider-contracts/provider/{p}/publish` body: each problem under its field. */
export function validateProviderContract(input: unknown): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (k: string, m: string) => (errors[k] ??= []).push(m);
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { body: ['must be a JSON object'] };
  const b = input as Record<string, unknown>;
  if (typeof b.pacticipantVersionNumber !== 'string' || b.pacticipantVersionNumber.trim() === '')
    add('pacticipantVersionNumber', 'is missing (a non-empty string)');
  for (const k of ['branch', 'buildUrl'])
    if (b[k] !== undefined && (typeof b[k] !== 'string' || b[k] === '')) add(k, 'must be a non-empty string');
  if (
    b.tags !== undefined &&
    (!Array.isArray(b.tags) || b.tags.some((t) => typeof t !== 'string' || t === ''))
  )
    add('tags', 'must be an array of non-empty strings');
  const c = b.contract;
  if (!c || typeof c !== 'object' || Array.isArray(c)) {
    add('contract', 'is missing (an object with content, contentType and specification)');
    return errors;
  }
  const x = c as Record<string, unknown>;
  for (const k of ['content', 'contentType', 'specification'])
    if (typeof x[k] !== 'string' || x[k] === '') add(`contract.${k}`, 'is missing (a non-empty string)');
  if (typeof x.specification === 'string' && x.specification !== 'oas')
    add('contract.specification', `only 'oas' (an OpenAPI document) is supported, got '${x.specification}'`);
  if (typeof x.contentType === 'string' && !/json|ya?ml/i.test(x.contentType))
    add('contract.contentType', 'must be a JSON or YAML media type (application/yaml, application/json)');
  if (typeof x.content === 'string' && !BASE64.test(x.content)) add('contract.content', 'must be base64');
  const s = x.selfVerificationResults;
  if (s !== undefined && s !== null) {
    if (typeof s !== 'object' || Array.isArray(s))
      add('contract.selfVerificationResults', 'must be an object');
    else {
      const r = s as Record<string, unknown>;
      if (typeof r.success !== 'boolean')
        add('contract.selfVerificationResults.success', 'is missing (true or false)');
      for (const k of ['content', 'contentType', 'format', 'verifier', 'verifierVersion'])
        if (r[k] !== undefined && typeof r[k] !== 'string')
          add(`contract.selfVerificationResults.${k}`, 'must be a string');
      if (typeof r.content === 'string' && !BASE64.test(r.content))
        add('contract.selfVerificationResults.content', 'must be base64');
    }
  }
  return errors;
}

const decode = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

function selfVerificationOf(input: Record<string, unknown> | undefined): SelfVerification | null {
  if (!input) return null;
  const out: SelfVerification = { success: input.success as boolean };
  if (typeof input.content === 'string') out.content = decode(input.content);
  for (const k of ['contentType', 'format', 'verifier', 'verifierVersion'] as const)
    if (typeof input[k] === 'string') out[k] = input[k];
  return out;
}

/**
 * Publishes a provider version's spec with its branch, tags and self-verification result, in one transaction.
 * The spec is loaded first (nothing it names is read or fetched): a document that is not OpenAPI is refused.
 */
export async function publishProviderContract(
  sql: Sql,
  provider: string,
  input: unknown,
): Promise<
  BrokerResult<{
    version: PacticipantVersion;
    status: 'created' | 'updated' | 'unchanged';
    notices: { type: string; text: string }[];
  }>
> {
  const errors = validateProviderContract(input);
  if (Object.keys(errors).length) return { ok: false, status: 400, errors };
  const body = input as PublishProviderContractInput;
  const content = decode(body.contract.content);
  try {
    await loadSpecText(content, {
      filename: /json/i.test(body.contract.contentType) ? 'openapi.json' : 'openapi.yaml',
    });
  } catch (error) {
    if (!isSpecError(error)) throw error;
    const where = error.line !== undefined ? ` (line ${error.line}, column ${error.column ?? 1})` : '';
    return {
      ok: false,
      status: 400,
      errors: { 'contract.content': [`is not a usable OpenAPI document${where}: ${error.message}`] },
    };
  }
  const sha = createHash('sha256').update(content).digest('hex');
  const version = body.pacticipantVersionNumber;
  const outcome = await sql
    .transaction(async (tx) => {
      const ensured = await repo.ensureVersion(tx, provider, version, { buildUrl: body.buildUrl });
      if (body.branch) await repo.addBranchVersion(tx, ensured.version, body.branch);
      for (const tag of body.tags ?? []) await repo.addTag(tx, ensured.version.id, tag);
      const pacticipant = (await repo.findPacticipant(tx, provider)) as { id: number };
      const saved = await repo.saveProviderContract(tx, {
        providerId: pacticipant.id,
        providerVersionId: ensured.version.id,
        sha,
        specification: body.contract.specification,
        contentType: body.contract.contentType,
        content,
        selfVerification: selfVerificationOf(body.contract.selfVerificationResults),
        buildUrl: body.buildUrl ?? null,
      });
      // A refusal must leave nothing behind, not even the version, branch or tags made above.
      if (saved.status === 'conflict') throw new ContractConflict(provider, version);
      return saved.status;
    })
    .catch((error: unknown) => {
      if (error instanceof ContractConflict) return error;
      throw error;
    });
  if (outcome instanceof ContractConflict) return { ok: false, status: 409, errors: [outcome.message] };
  const fresh = (await repo.findVersion(sql, provider, version)) as PacticipantVersion;
  const notices = [
    {
      type: 'success',
      text:
        outcome === 'created'
          ? `Provider contract for ${provider} version ${version} published`
          : outcome === 'updated'
            ? `Self-verification results of the provider contract for ${provider} version ${version} updated`
            : `Provider contract for ${provider} version ${version} unchanged`,
    },
    ...(body.branch
      ? [{ type: 'info', text: `Version ${version} of ${provider} is on branch ${body.branch}` }]
      : []),
    ...(body.contract.selfVerificationResults
      ? []
      : [
          {
            type: 'warning',
            text: 'No self-verification results were published: can-i-deploy relies on the spec alone. Publish the result of testing the provider against its spec (--verification-exit-code).',
          },
        ]),
  ];
  return { ok: true, version: fresh, status: outcome, notices };
}

class ContractConflict extends Error {
  constructor(provider: string, version: string) {
    super(
      `A provider contract for ${provider} version ${version} has already been published with different content. ` +
        'Publish the changed spec with a new provider version number (each commit should have its own version).',
    );
  }
}

/** Comparators of recently used contract contents: loading a spec and compiling its schemas is the costly part. */
const comparators = new Map<number, Promise<PactComparator>>();
const COMPARATORS_KEPT = 16;

function comparatorFor(sql: Sql, contentId: number): Promise<PactComparator> {
  let found = comparators.get(contentId);
  if (found) {
    comparators.delete(contentId);
    comparators.set(contentId, found);
    return found;
  }
  found = repo.contractContent(sql, contentId).then(async (text) => {
    const spec: LoadedSpec = await loadSpecText(text ?? '', { filename: 'openapi.yaml' });
    return createPactComparator(spec);
  });
  found.catch(() => comparators.delete(contentId));
  comparators.set(contentId, found);
  if (comparators.size > COMPARATORS_KEPT) comparators.delete(comparators.keys().next().value as number);
  return found;
}

/** Checks a pact content against a contract content once; the outcome is stored (with its findings). */
export async function compareContents(
  sql: Sql,
  pactVersionId: number,
  contentId: number,
): Promise<repo.StoredComparison> {
  const [stored] = await repo.findComparisons(sql, [{ pactVersionId, contentId }], true);
  if (stored) return stored;
  const text = (await repo.pactContent(sql, pactVersionId)) ?? '';
  let findings: { level: string; code: string; message: string }[];
  try {
    findings = (await comparatorFor(sql, contentId)).compare(parsePactText(text)).findings;
  } catch (error) {
    // A pact or spec the checker cannot read satisfies nothing; the finding says why.
    findings = [{ level: 'error', code: 'contract.unreadable', message: (error as Error).message }];
  }
  const errors = findings.filter((f) => f.level === 'error').length;
  return repo.saveComparison(sql, {
    pactVersionId,
    contentId,
    compatible: errors === 0,
    errors,
    findings: JSON.stringify(findings),
  });
}

/**
 * Adds to the matrix what provider contracts say: for each pact and each selected provider version that has a
 * contract but did not verify the pact, a row whose verification is the check of the pact against the spec
 * (marked as such). The row without verification it stands in for is dropped.
 */
export async function withProviderContracts(
  sql: Sql,
  rows: MatrixRow[],
  pairs: [ResolvedSelector, ResolvedSelector][],
): Promise<MatrixRow[]> {
  const versionIds = pairs.flatMap(([, p]) => p.versions?.map((v) => v.id) ?? []);
  const anyVersionOf = pairs.filter(([, p]) => p.versions === null).map(([, p]) => p.pacticipantId as number);
  const contracts = await repo.providerContractsOf(sql, versionIds, anyVersionOf);
  if (contracts.length === 0) return rows;
  const out: MatrixRow[] = [];
  const added: { row: MatrixRow; contract: ProviderContract }[] = [];
  for (const list of groupBy(rows, (r) => `${r.consumer}\u0000${r.consumerVersion.id}\u0000${r.provider}`)) {
    const first = list[0] as MatrixRow;
    const provider = pairs.find(
      ([c, p]) => c.pacticipant === first.consumer && p.pacticipant === first.provider,
    )?.[1];
    const selected = provider?.versions ? new Set(provider.versions.map((v) => v.id)) : null;
    const usable = contracts.filter(
      (c) =>
        c.provider === first.provider &&
        (selected === null || selected.has(c.providerVersionId)) &&
        !list.some((r) => r.verification && r.providerVersion?.id === c.providerVersionId),
    );
    const stoodFor = (r: MatrixRow) =>
      r.verification === null &&
      (r.providerVersion === null
        ? usable.length > 0
        : usable.some((c) => c.providerVersionId === r.providerVersion?.id));
    out.push(...list.filter((r) => !stoodFor(r)));
    for (const contract of usable) {
      const row: MatrixRow = {
        ...first,
        providerVersion: {
          id: contract.providerVersionId,
          number: contract.providerVersion,
          branches: [],
          tags: [],
          createdAt: contract.createdAt,
        },
        verification: null,
      };
      added.push({ row, contract });
      out.push(row);
    }
  }
  const keys = [
    ...new Map(
      added.map(({ row, contract }) => [
        `${row.pact.id}/${contract.contentId}`,
        {
          pactVersionId: row.pact.id,
          contentId: contract.contentId,
        },
      ]),
    ).values(),
  ];
  const checks = new Map(
    (await repo.findComparisons(sql, keys)).map((c) => [`${c.pactVersionId}/${c.contentId}`, c]),
  );
  for (const k of keys)
    if (!checks.has(`${k.pactVersionId}/${k.contentId}`))
      checks.set(
        `${k.pactVersionId}/${k.contentId}`,
        await compareContents(sql, k.pactVersionId, k.contentId),
      );
  for (const { row, contract } of added) {
    const check = checks.get(`${row.pact.id}/${contract.contentId}`) as repo.StoredComparison;
    const selfVerified = contract.selfVerification ? contract.selfVerification.success : null;
    row.verification = {
      id: 0,
      number: 0,
      success: check.compatible && selfVerified !== false,
      createdAt: check.createdAt,
      providerContract: { compatible: check.compatible, selfVerified, errors: check.errors },
    };
  }
  return out;
}

function groupBy<T>(list: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}
