import type { ComparisonFormatter } from './types.js';

/** The comparison as is, with the files compared: for tools. */
export const formatJson: ComparisonFormatter = (comparison, { pactFile, specFile }) =>
  JSON.stringify({ pact: pactFile, spec: specFile, ...comparison }, null, 2);
