import { brokerRepository as repo, pactSha } from '@interlock/contracts';
import type { Sql } from '@interlock/store';

/**
 * Provider states of the Pact Broker clients' pacts (shared/conformance/pact-broker-client), seeding the store
 * the way the Pact Broker's own provider states do. Test support only.
 */
export function brokerClientStates(sql: Sql): Record<string, () => Promise<void>> {
  const version = (p: string, v: string) => repo.ensureVersion(sql, p, v).then((r) => r.version);
  const pact = async (consumer: string, provider: string, v: string, interactions: unknown[] = []) => {
    const content = JSON.stringify({
      consumer: { name: consumer },
      provider: { name: provider },
      interactions,
    });
    const cv = await version(consumer, v);
    const c = (await repo.findPacticipant(sql, consumer)) as { id: number };
    const p =
      (await repo.findPacticipant(sql, provider)) ??
      (await repo.upsertPacticipant(sql, provider)).pacticipant;
    await repo.publishPact(sql, {
      consumerId: c.id,
      providerId: p.id,
      consumerVersionId: cv.id,
      sha: pactSha(JSON.parse(content)),
      content,
    });
    return cv;
  };
  const verify = async (
    consumer: string,
    consumerVersion: string,
    provider: string,
    providerVersion: string,
    success: boolean,
  ) => {
    const found = await repo.findPact(sql, { consumer, provider, version: consumerVersion });
    if (!found) throw new Error(`no pact ${consumer} ${consumerVersion}`);
    const pv = await version(provider, providerVersion);
    await repo.createVerification(sql, {
      pactVersionId: found.pactVersionId,
      providerVersionId: pv.id,
      success,
    });
  };
  const tag = async (p: string, v: string, t: string) => repo.addTag(sql, (await version(p, v)).id, t);
  const env = (name: string, uuid?: string) =>
    repo.createEnvironment(
      sql,
      {
        name,
        displayName: name[0]?.toUpperCase() + name.slice(1),
        contacts: [{ name: 'Foo team', details: { emailAddress: 'foo@bar.com' } }],
      },
      uuid,
    );
  const nothing = async () => undefined;
  const FOO_VERSION = '5556b8149bf8bac76bc30f50a8a2dd4c22c85f30';
  const TEST_ENV = 'cb632df3-0a0d-4227-aac3-60114dd36479';
  const pricing = async () => {
    await repo.upsertPacticipant(sql, 'Pricing Service', {
      repositoryUrl: 'git@git.realestate.com.au:business-systems/pricing-service',
    });
    await version('Pricing Service', '1.3.0');
  };
  const condorPricing = async () => {
    await repo.upsertPacticipant(sql, 'Condor');
    await repo.upsertPacticipant(sql, 'Pricing Service');
  };
  return {
    '': nothing,
    "'Condor' does not exist in the pact-broker": nothing,
    "'Condor' exists in the pact-broker": async () => {
      await version('Condor', '1.3.0');
    },
    "'Condor' exists in the pact-broker with the latest tagged 'production' version 1.2.3": async () => {
      await tag('Condor', '1.2.3', 'production');
    },
    "'Condor' exists in the pact-broker with the latest version 1.2.3": async () => {
      await version('Condor', '1.2.3');
    },
    "'Condor' exists in the pact-broker with version 1.3.0, tagged with 'prod'": async () => {
      await tag('Condor', '1.3.0', 'prod');
    },
    'a branch named main exists for pacticipant Foo': async () => {
      await repo.addBranchVersion(sql, await version('Foo', '1'), 'main');
    },
    'a currently deployed version exists': async () => {
      const e = await env('test');
      const v = await version('Foo', '2');
      await sql.query(
        `INSERT INTO broker_deployed_versions (uuid, version_id, pacticipant_id, environment_uuid) VALUES ('ff3adecf-cfc5-4653-a4e3-f1861092f8e0', $1, $2, $3)`,
        [v.id, v.pacticipantId, e.uuid],
      );
    },
    'a latest pact between Condor and the Pricing Service exists': async () => {
      await pact('Condor', 'Pricing Service', '1.3.0');
    },
    'a pact between Condor and the Pricing Service exists': async () => {
      await pact('Condor', 'Pricing Service', '1.3.0');
    },
    'a pact between Condor and the Pricing Service exists for the production version of Condor': async () => {
      await pact('Condor', 'Pricing Service', '1.3.0');
      await tag('Condor', '1.3.0', 'prod');
    },
    'a pacticipant with name Foo exists': async () => {
      await repo.upsertPacticipant(sql, 'Foo', { repositoryUrl: 'http://foo' });
    },
    'a webhook with the uuid 696c5f93-1b7f-44bc-8d03-59440fcaa9a0 exists': async () => {
      await condorPricing();
      await repo.saveWebhook(sql, {
        uuid: '696c5f93-1b7f-44bc-8d03-59440fcaa9a0',
        consumerId: null,
        providerId: null,
        definition: {
          description: 'old',
          events: [{ name: 'contract_published' }],
          request: { method: 'GET', url: 'https://old' },
        },
      });
    },
    'an environment exists': async () => {
      await env('test');
    },
    'an environment with name test and UUID 16926ef3-590f-4e3f-838e-719717aa88c9 exists': async () => {
      await env('test', '16926ef3-590f-4e3f-838e-719717aa88c9');
    },
    'an environment with name test exists': async () => {
      await env('test');
    },
    'an version is deployed to environment with UUID 16926ef3-590f-4e3f-838e-719717aa88c9 with target customer-1':
      async () => {
        const e = await env('test', '16926ef3-590f-4e3f-838e-719717aa88c9');
        const v = await version('Foo', '1');
        await sql.query(
          `INSERT INTO broker_deployed_versions (uuid, version_id, pacticipant_id, environment_uuid, application_instance)
         VALUES ('ff3adecf-cfc5-4653-a4e3-f1861092f8e0', $1, $2, $3, 'customer-1')`,
          [v.id, v.pacticipantId, e.uuid],
        );
      },
    'no pact between Condor and the Pricing Service exists': nothing,
    'provider Bar version 4.5.6 has a successful verification for Foo version 1.2.3 tagged prod and a failed verification for version 3.4.5 tagged prod':
      async () => {
        await pact('Foo', 'Bar', '1.2.3', [{ description: 'a' }]);
        await pact('Foo', 'Bar', '3.4.5', [{ description: 'b' }]);
        await tag('Foo', '1.2.3', 'prod');
        await tag('Foo', '3.4.5', 'prod');
        await verify('Foo', '1.2.3', 'Bar', '4.5.6', true);
        await verify('Foo', '3.4.5', 'Bar', '4.5.6', false);
      },
    'tagged as prod pact between Condor and the Pricing Service exists': async () => {
      await pact('Condor', 'Pricing Service', '1.3.0');
      await tag('Condor', '1.3.0', 'prod');
    },
    "the 'Pricing Service' already exists in the pact-broker": pricing,
    "the 'Pricing Service' and 'Condor' already exist in the pact-broker": condorPricing,
    "the 'Pricing Service' and 'Condor' already exist in the pact-broker, and Condor already has a pact published for version 1.3.0":
      async () => {
        await pact('Condor', 'Pricing Service', '1.3.0');
      },
    "the 'Pricing Service' does not exist in the pact-broker": nothing,
    'the pact for Foo Thing version 1.2.3 has been verified by Bar version 4.5.6': async () => {
      await pact('Foo Thing', 'Bar', '1.2.3');
      await verify('Foo Thing', '1.2.3', 'Bar', '4.5.6', true);
    },
    'the pact for Foo version 1.2.3 and 1.2.4 has been verified by Bar version 4.5.6': async () => {
      await pact('Foo', 'Bar', '1.2.3', [{ description: 'a' }]);
      await pact('Foo', 'Bar', '1.2.4', [{ description: 'b' }]);
      await verify('Foo', '1.2.3', 'Bar', '4.5.6', true);
      await verify('Foo', '1.2.4', 'Bar', '4.5.6', true);
    },
    'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 (tagged prod) and version 5.6.7':
      async () => {
        await pact('Foo', 'Bar', '1.2.3');
        await verify('Foo', '1.2.3', 'Bar', '4.5.6', true);
        await tag('Bar', '4.5.6', 'prod');
        await verify('Foo', '1.2.3', 'Bar', '5.6.7', true);
      },
    'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 with tag prod, and 1.2.4 unsuccessfully by 9.9.9':
      async () => {
        await pact('Foo', 'Bar', '1.2.3', [{ description: 'a' }]);
        await verify('Foo', '1.2.3', 'Bar', '4.5.6', true);
        await tag('Bar', '4.5.6', 'prod');
        await pact('Foo', 'Bar', '1.2.4', [{ description: 'b' }]);
        await verify('Foo', '1.2.4', 'Bar', '9.9.9', false);
      },
    'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6, and 1.2.4 unsuccessfully by 9.9.9':
      async () => {
        await pact('Foo', 'Bar', '1.2.3', [{ description: 'a' }]);
        await verify('Foo', '1.2.3', 'Bar', '4.5.6', true);
        await pact('Foo', 'Bar', '1.2.4', [{ description: 'b' }]);
        await verify('Foo', '1.2.4', 'Bar', '9.9.9', false);
      },
    'the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6': async () => {
      await pact('Foo', 'Bar', '1.2.3');
      await verify('Foo', '1.2.3', 'Bar', '4.5.6', true);
    },
    'the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6 and version 5.6.7': async () => {
      await pact('Foo', 'Bar', '1.2.3');
      await verify('Foo', '1.2.3', 'Bar', '4.5.6', true);
      await verify('Foo', '1.2.3', 'Bar', '5.6.7', true);
    },
    'the pacticipant relations are present': nothing,
    'the pb:environments relation exists in the index resource': nothing,
    'the pb:latest-tagged-version relation exists in the index resource': nothing,
    'the pb:latest-version relation exists in the index resource': nothing,
    'the pb:pacticipant-branch relation exists in the index resource': nothing,
    'the pb:pacticipant-version and pb:environments relations exist in the index resource': nothing,
    'the pb:publish-contracts relations exists in the index resource': nothing,
    "version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with 2 environments that aren't test available for deployment":
      async () => {
        await version('Foo', FOO_VERSION);
        await env('prod');
        await env('dev');
      },
    'version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with a test environment available for deployment':
      async () => {
        await version('Foo', FOO_VERSION);
        await env('test', TEST_ENV);
      },
    'version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with a test environment available for release':
      async () => {
        await version('Foo', FOO_VERSION);
        await env('test', TEST_ENV);
      },
  };
}

/** The Pact Broker's own verification maps the clients' placeholder URLs to real paths in the same way. */
export const PLACEHOLDER_PATHS: Record<string, string> = {
  '/HAL-REL-PLACEHOLDER-INDEX-PB-LATEST-TAGGED-VERSION-Condor-production':
    '/pacticipants/Condor/latest-version/production',
  '/HAL-REL-PLACEHOLDER-INDEX-PB-LATEST-VERSION-Condor': '/pacticipants/Condor/latest-version',
  '/HAL-REL-PLACEHOLDER-PB-WEBHOOKS': '/webhooks',
  '/HAL-REL-PLACEHOLDER-PB-ENVIRONMENTS': '/environments',
  '/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-VERSION-Foo-5556b8149bf8bac76bc30f50a8a2dd4c22c85f30':
    '/pacticipants/Foo/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30',
  '/HAL-REL-PLACEHOLDER-PB-RECORD-DEPLOYMENT-FOO-5556B8149BF8BAC76BC30F50A8A2DD4C22C85F30-TEST':
    '/pacticipants/Foo/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30/deployed-versions/environment/cb632df3-0a0d-4227-aac3-60114dd36479',
  '/HAL-REL-PLACEHOLDER-PB-PUBLISH-CONTRACTS': '/contracts/publish',
  '/HAL-REL-PLACEHOLDER-PB-RECORD-RELEASE-FOO-5556B8149BF8BAC76BC30F50A8A2DD4C22C85F30-TEST':
    '/pacticipants/Foo/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30/released-versions/environment/cb632df3-0a0d-4227-aac3-60114dd36479',
  '/PLACEHOLDER-DEPLOYED-VERSION-ff3adecf-cfc5-4653-a4e3-f1861092f8e0':
    '/deployed-versions/ff3adecf-cfc5-4653-a4e3-f1861092f8e0',
  '/PLACEHOLDER-ENVIRONMENT-CURRENTLY-DEPLOYED-16926ef3-590f-4e3f-838e-719717aa88c9':
    '/environments/16926ef3-590f-4e3f-838e-719717aa88c9/deployed-versions/currently-deployed',
  '/HAL-REL-PLACEHOLDER-PB-ENVIRONMENT-16926ef3-590f-4e3f-838e-719717aa88c9':
    '/environments/16926ef3-590f-4e3f-838e-719717aa88c9',
  '/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-BRANCH-Foo-main': '/pacticipants/Foo/branches/main',
};

/**
 * Pact specification 2 files keep a query as a map sorted by key, which loses the order of `q[][…]` pairs that
 * tells which version belongs to which pacticipant. The Pact Broker's verification restores the clients'
 * original order from a table; so does this one (keys: the query as the Verifier replays it, decoded).
 */
export const REORDERED_QUERIES: Record<string, string> = {
  'ignore[][pacticipant]=Foo&ignore[][version]=3.4.5&latestby=cvpv&q[][pacticipant]=Bar&q[][pacticipant]=Foo&q[][tag]=prod&q[][version]=4.5.6':
    'q[][pacticipant]=Bar&q[][version]=4.5.6&q[][pacticipant]=Foo&q[][tag]=prod&latestby=cvpv&ignore[][pacticipant]=Foo&ignore[][version]=3.4.5',
  'latestby=cvpv&q[][latest]=true&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][tag]=prod&q[][version]=1.2.3':
    'q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&latestby=cvpv',
  'latestby=cvpv&q[][latest]=true&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=1.2.4':
    'q[][pacticipant]=Foo&q[][version]=1.2.4&q[][pacticipant]=Bar&q[][latest]=true&latestby=cvpv',
};
