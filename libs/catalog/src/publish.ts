import type { PublishResult, Store } from '@interlock/store';
import { prepareText } from './prepare.js';

export interface PublishTextInput {
  apiId: string;
  version: string;
  text: string;
  maxBytes?: number;
}

export type PublishOutcome =
  PublishResult | { status: 'mismatch'; field: 'version'; expected: string; actual: string };

/**
 * Publishes a spec given as text under the API id and version named by the caller (the URL). The spec's own
 * `info.version` must agree: a version is a name for exactly that content. Load errors throw `SpecError`.
 */
export async function publishSpec(store: Store, input: PublishTextInput): Promise<PublishOutcome> {
  const prepared = await prepareText(input.text, {
    apiId: input.apiId,
    filename: `${input.apiId}.openapi`,
    ...(input.maxBytes ? { maxBytes: input.maxBytes } : {}),
  });
  if (prepared.api.version !== input.version) {
    return { status: 'mismatch', field: 'version', expected: input.version, actual: prepared.api.version };
  }
  return store.publish(prepared);
}
