// One side of the diff benchmark, in a fresh process so that its peak RSS is its own:
// `node diff-child.js <interlock|api-smart-diff> <base.json> <revision.json> [module]`.
import { readFileSync } from 'node:fs';
import { diffSpecs } from '@interlock/diff';
import { loadSpec } from '@interlock/openapi';

const [tool, base, revision, module] = process.argv.slice(2) as [string, string, string, string?];
const started = performance.now();
let changes: number;
let breaking: number;
let loadMs = 0;
if (tool === 'interlock') {
  const [b, r] = await Promise.all([loadSpec(base), loadSpec(revision)]);
  loadMs = performance.now() - started;
  const found = diffSpecs(b, r);
  changes = found.length;
  breaking = found.filter((c) => c.level === 'error').length;
} else {
  // api-smart-diff logs its rule errors on this corpus; they are not ours to print.
  console.error = () => undefined;
  const { apiCompare } = (await import(module as string)) as {
    apiCompare: (a: unknown, b: unknown) => { diffs: { type: string }[] };
  };
  const result = apiCompare(
    JSON.parse(readFileSync(base, 'utf8')),
    JSON.parse(readFileSync(revision, 'utf8')),
  );
  changes = result.diffs.length;
  breaking = result.diffs.filter((d) => d.type === 'breaking').length;
}
const ms = performance.now() - started;
process.send?.({ ms, loadMs, rssMiB: process.resourceUsage().maxRSS / 1024, changes, breaking });
