import type { Hono } from 'hono';
import { baseUrl, hal } from '../hal.js';

/** The HAL index at `/`, for clients that ask for JSON; browsers fall through to the catalog's pages. */
export function indexResource(app: Hono): void {
  app.get('/', async (c, next) => {
    const accept = c.req.header('accept') ?? '';
    if (!/json/i.test(accept)) return next();
    const b = baseUrl(c);
    const link = (href: string, title: string) => ({
      href: `${b}${href}`,
      title,
      ...(href.includes('{') ? { templated: true } : {}),
    });
    return hal(c, {
      _links: {
        self: link('/', 'Index'),
        'pb:publish-pact': link(
          '/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}',
          'Publish a pact',
        ),
        'pb:publish-contracts': link('/contracts/publish', 'Publish contracts'),
        'pf:publish-provider-contract': link(
          '/provider-contracts/provider/{provider}/publish',
          'Publish a provider contract (an OpenAPI spec)',
        ),
        'pb:latest-pact-versions': link('/pacts/latest', 'Latest pact versions'),
        'pb:pacticipants': link('/pacticipants', 'Pacticipants'),
        'pb:pacticipant': link('/pacticipants/{pacticipant}', 'Fetch pacticipant by name'),
        'pb:latest-provider-pacts': link('/pacts/provider/{provider}/latest', 'Latest pacts by provider'),
        'pb:latest-provider-pacts-with-tag': link(
          '/pacts/provider/{provider}/latest/{tag}',
          'Latest pacts for provider with the specified tag',
        ),
        'pb:provider-pacts-for-verification': link(
          '/pacts/provider/{provider}/for-verification',
          'Pact versions to be verified for the specified provider',
        ),
        'beta:provider-pacts-for-verification': link(
          '/pacts/provider/{provider}/for-verification',
          'Pact versions to be verified for the specified provider',
        ),
        'pb:latest-version': link('/pacticipants/{pacticipant}/latest-version', 'Latest pacticipant version'),
        'pb:latest-tagged-version': link(
          '/pacticipants/{pacticipant}/latest-version/{tag}',
          'Latest pacticipant version with the specified tag',
        ),
        'pb:pacticipant-version': link(
          '/pacticipants/{pacticipant}/versions/{version}',
          'Get, create or delete a pacticipant version',
        ),
        'pb:pacticipant-version-tag': link(
          '/pacticipants/{pacticipant}/versions/{version}/tags/{tag}',
          'Get, create or delete a tag for a pacticipant version',
        ),
        'pb:pacticipant-branch': link(
          '/pacticipants/{pacticipant}/branches/{branch}',
          'Get or delete a pacticipant branch',
        ),
        'pb:pacticipant-branch-version': link(
          '/pacticipants/{pacticipant}/branches/{branch}/versions/{version}',
          'Get or add/create a pacticipant version for a branch',
        ),
        'pb:pacticipant-repository-url': link('/pacticipants/{pacticipant}', 'Pacticipant repository URL'),
        'pb:environments': link('/environments', 'Environments'),
        'pb:environment': link('/environments/{uuid}', 'Environment'),
        'pb:webhooks': link('/webhooks', 'Webhooks'),
        'pb:webhook': link('/webhooks/{uuid}', 'Webhook'),
        'pb:can-i-deploy-pacticipant-version-to-environment': link(
          '/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}',
          'Determine if an application version can be safely deployed to an environment',
        ),
        'pb:can-i-deploy-pacticipant-version-to-tag': link(
          '/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}',
          'Determine if an application version can be safely deployed to an environment identified by the given tag',
        ),
        'pb:matrix': link('/matrix', 'The compatibility matrix'),
        curies: [{ name: 'pb', href: `${b}/doc/{rel}?context=index`, templated: true }],
      },
    });
  });
}
