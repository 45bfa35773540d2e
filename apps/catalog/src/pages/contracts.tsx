import type { ContractsOverview, IntegrationOverview } from '@interlock/contracts';
import { DataTable } from './components.js';

const day = (iso: string) => iso.slice(0, 10);
const seg = encodeURIComponent;

/** yes / no / unknown, as can-i-deploy answers (null: something is unverified). */
function Verdict({ deployable }: { deployable: boolean | null }) {
  if (deployable === true) return <span class="badge verdict-yes">yes</span>;
  if (deployable === false) return <span class="badge verdict-no">no</span>;
  return <span class="badge verdict-unknown">unknown</span>;
}

function Verified({ v, provider }: { v: IntegrationOverview['verification']; provider: string }) {
  if (!v) return <span class="muted">not verified</span>;
  return (
    <>
      <span class={`badge ${v.success ? 'verdict-yes' : 'verdict-no'}`}>
        {v.success ? 'passed' : 'failed'}
      </span>{' '}
      by {provider} <code>{v.providerVersion}</code>
      {v.by === 'provider-contract' ? ' (its OpenAPI spec, a provider contract)' : ''}{' '}
      <span class="muted">{day(v.at)}</span>
    </>
  );
}

function Integrations({ list, other }: { list: IntegrationOverview[]; other: 'Consumer' | 'Provider' }) {
  return (
    <DataTable columns={[other, 'Latest pact', 'Last verification']}>
      {list.map((i) => (
        <tr>
          <td>{i.name}</td>
          <td>
            <a
              href={`/pacts/provider/${seg(i.provider)}/consumer/${seg(i.consumer)}/version/${seg(i.latestPact.consumerVersion)}`}
            >
              {i.consumer} <code>{i.latestPact.consumerVersion}</code>
            </a>
            {i.latestPact.branches.length ? ` on ${i.latestPact.branches.join(', ')}` : ''}{' '}
            <span class="muted">{day(i.latestPact.publishedAt)}</span>
          </td>
          <td>
            <Verified v={i.verification} provider={i.provider} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * The API's contracts from the catalog's Pact Broker: who consumes it and what it consumes (latest pact, last
 * verification), its provider contract, and can-i-deploy for its latest version against each environment.
 */
export function ContractsSection({
  name,
  overview,
}: {
  name: string;
  overview: ContractsOverview | undefined;
}) {
  return (
    <section id="contracts" aria-labelledby="contracts-h">
      <h2 id="contracts-h">Contracts</h2>
      {!overview ? (
        <p class="empty">
          No contracts: the catalog's Pact Broker has no pacticipant named <code>{name}</code> (the API's{' '}
          <code>x-service-name</code>, else its id). Publish pacts with that name (
          <code>pact-broker publish</code>) to see its consumers, providers, verifications and can-i-deploy
          here.
        </p>
      ) : (
        <ContractsBody overview={overview} />
      )}
    </section>
  );
}

function ContractsBody({ overview }: { overview: ContractsOverview }) {
  const { pacticipant, consumers, providers, providerContract, environments, latestVersion } = overview;
  return (
    <>
      <p>
        Pacticipant <code>{pacticipant.name}</code>
        {latestVersion ? (
          <>
            {' '}
            · latest version <code>{latestVersion}</code>
            {pacticipant.mainBranch ? ` on ${pacticipant.mainBranch}` : ''}
          </>
        ) : (
          ''
        )}
        .
      </p>
      <h3>Consumers</h3>
      {consumers.length ? (
        <Integrations list={consumers} other="Consumer" />
      ) : (
        <p class="muted">No consumer has published a pact with {pacticipant.name}.</p>
      )}
      <h3>Providers</h3>
      {providers.length ? (
        <Integrations list={providers} other="Provider" />
      ) : (
        <p class="muted">{pacticipant.name} has published no pact with a provider.</p>
      )}
      {providerContract ? (
        <p>
          Provider contract: the OpenAPI spec of version <code>{providerContract.providerVersion}</code>,
          published {day(providerContract.createdAt)};{' '}
          {providerContract.selfVerification
            ? `the provider's own tests against it ${providerContract.selfVerification.success ? 'passed' : 'failed'}`
            : 'no self-verification result published'}
          .
        </p>
      ) : (
        ''
      )}
      <h3>Can {latestVersion ? <code>{latestVersion}</code> : 'it'} be deployed?</h3>
      {environments.length === 0 ? (
        <p class="muted">No environments are defined (pact-broker create-environment).</p>
      ) : (
        <DataTable columns={['Environment', 'Deployed there', 'can-i-deploy', 'Against what is there']}>
          {environments.map((e) => (
            <tr>
              <td>
                {e.name}
                {e.production ? <span class="muted"> (production)</span> : ''}
              </td>
              <td>{e.versions.length ? e.versions.map((v) => <code>{v} </code>) : '–'}</td>
              <td>{e.canIDeploy ? <Verdict deployable={e.canIDeploy.summary.deployable} /> : '–'}</td>
              <td>
                {e.canIDeploy ? (
                  <details>
                    <summary>
                      {e.canIDeploy.rows.length} pact{e.canIDeploy.rows.length === 1 ? '' : 's'} checked
                    </summary>
                    <ul>
                      {e.canIDeploy.summary.reasons.map((r) => (
                        <li class={`reason-${r.level}`}>{r.text}</li>
                      ))}
                    </ul>
                  </details>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
