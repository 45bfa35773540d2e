import type { Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { urls } from '../decorators.js';
import { baseUrl, errors, hal, jsonBody, seg } from '../hal.js';

/**
 * PactFlow's provider contracts: a provider version publishes its OpenAPI spec, and consumer pacts the spec
 * satisfies count as verified in the matrix (bi-directional contract testing).
 */
export function providerContractsResource(app: Hono, { broker }: BrokerContext): void {
  app.post('/provider-contracts/provider/:provider/publish', async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const provider = c.req.param('provider');
    const result = await broker.publishProviderContract(provider, body.value);
    if (!result.ok) return errors(c, result.status, result.errors);
    const b = baseUrl(c);
    const u = urls(b);
    const { version } = result;
    return hal(c, {
      notices: result.notices,
      _embedded: {
        pacticipant: { name: provider, _links: { self: { href: u.pacticipant(provider) } } },
        version: {
          number: version.number,
          _links: {
            self: { title: 'Version', name: version.number, href: u.version(provider, version.number) },
          },
        },
      },
      _links: {
        'pb:pacticipant': { title: 'Pacticipant', name: provider, href: u.pacticipant(provider) },
        'pb:pacticipant-version': {
          title: 'Pacticipant version',
          name: version.number,
          href: u.version(provider, version.number),
        },
        'pb:pacticipant-version-tags': version.tags.map((t) => ({
          name: t,
          href: u.tag(provider, version.number, t),
        })),
        'pb:branch-version': version.branches.map((name) => ({
          name,
          href: u.branchVersion(provider, name, version.number),
        })),
        'pf:provider-contract': {
          title: 'Provider contract',
          name: `Provider contract for ${provider} version ${version.number}`,
          href: providerContractUrl(b, provider, version.number),
        },
      },
    });
  });

  app.get('/provider-contracts/provider/:provider/version/:version', async (c) => {
    const { provider, version } = c.req.param();
    const contract = await broker.providerContract(provider, version);
    if (!contract)
      return errors(c, 404, [
        `No provider contract has been published for version ${version} of ${provider}`,
      ]);
    const b = baseUrl(c);
    return hal(c, {
      content: contract.content,
      contentType: contract.contentType,
      specification: contract.specification,
      selfVerificationResults: contract.selfVerification,
      buildUrl: contract.buildUrl,
      createdAt: contract.createdAt,
      _links: {
        self: { href: providerContractUrl(b, provider, version) },
        'pb:pacticipant-version': { name: version, href: urls(b).version(provider, version) },
      },
    });
  });

  app.get(
    '/contracts/bi-directional/provider/:provider/version/:version/consumer/:consumer/version/:consumerVersion/cross-contract-verification-results',
    async (c) => {
      const { provider, version, consumer, consumerVersion } = c.req.param();
      const result = await broker.crossContractCheck(provider, version, consumer, consumerVersion);
      if (!result.ok) return errors(c, result.status, result.errors);
      const { check, contract } = result;
      const selfVerified = contract.selfVerification ? contract.selfVerification.success : null;
      const b = baseUrl(c);
      return hal(c, {
        success: check.compatible && selfVerified !== false,
        compatible: check.compatible,
        selfVerified,
        verifiedAt: check.createdAt,
        findings: JSON.parse(check.findings) as unknown[],
        _links: {
          self: { href: crossContractUrl(b, provider, version, consumer, consumerVersion) },
          'pf:provider-contract': { href: providerContractUrl(b, provider, version) },
          'pb:pact-version': { href: urls(b).pact(consumer, provider, consumerVersion) },
        },
      });
    },
  );
}

export const providerContractUrl = (base: string, provider: string, version: string) =>
  `${base}/provider-contracts/provider/${seg(provider)}/version/${seg(version)}`;

export const crossContractUrl = (
  base: string,
  provider: string,
  version: string,
  consumer: string,
  consumerVersion: string,
) =>
  `${base}/contracts/bi-directional/provider/${seg(provider)}/version/${seg(version)}/consumer/${seg(consumer)}/version/${seg(consumerVersion)}/cross-contract-verification-results`;
