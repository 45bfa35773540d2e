import { diffSpecs, type Change } from '@interlock/diff';
import { loadSpecText } from '@interlock/openapi';
import type { PublishResult, Store } from '@interlock/store';
import { compatibilityPolicy, loadStored, majorBumped } from './changelog.js';
import { toPublishInput } from './prepare.js';

export interface PublishTextInput {
  apiId: string;
  version: string;
  text: string;
  maxBytes?: number;
}

export type PublishOutcome =
  | PublishResult
  | { status: 'mismatch'; field: 'version'; expected: string; actual: string }
  /** The API's policy is `backward` and this version breaks the latest one without a major version bump. */
  | { status: 'breaking'; base: string; changes: Change[] };

/**
 * Publishes a spec given as text under the API id and version named by the caller (the URL). The spec's own
 * `info.version` must agree: a version is a name for exactly that content. Load errors throw `SpecError`.
 */
export async function publishSpec(store: Store, input: PublishTextInput): Promise<PublishOutcome> {
  const spec = await loadSpecText(input.text, {
    apiId: input.apiId,
    filename: `${input.apiId}.openapi`,
    ...(input.maxBytes ? { maxBytes: input.maxBytes } : {}),
  });
  if (spec.api.version !== input.version) {
    return { status: 'mismatch', field: 'version', expected: input.version, actual: spec.api.version };
  }
  if (compatibilityPolicy(spec) === 'backward') {
    const [latest] = await store.listVersions(input.apiId);
    if (latest && latest.version !== input.version && !majorBumped(latest.version, input.version)) {
      const breaking = diffSpecs(await loadStored(store, input.apiId, latest.version), spec).filter(
        (c) => c.level === 'error',
      );
      if (breaking.length) return { status: 'breaking', base: latest.version, changes: breaking };
    }
  }
  return store.publish(toPublishInput(spec));
}
