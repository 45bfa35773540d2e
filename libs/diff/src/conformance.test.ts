import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSpec } from '@interlock/openapi';
import { describe, expect, it } from 'vitest';
import { DISAGREEMENTS } from './disagreements.js';
import { diffSpecs } from './index.js';
import type { Change, Level } from './types.js';

// oasdiff's own test cases (../shared/conformance/oasdiff, Apache-2.0; see its NOTICE.md), scored as the NOTICE
// describes. The data stays outside the repository.
const dir = resolve(
  process.env.INTERLOCK_CONFORMANCE_DIR ?? resolve(import.meta.dirname, '../../../../shared/conformance'),
  'oasdiff',
);
const present = existsSync(resolve(dir, 'cases.json'));
if (!present && process.env.CI === 'true') throw new Error(`oasdiff conformance data missing at ${dir}`);

interface Case {
  test: string;
  base: string;
  revision: string;
  config: string;
  options: { deprecationDaysBeta?: number; deprecationDaysStable?: number; stabilityLevel?: string };
  minLevel: Level;
  match: 'exact' | 'contains';
  count: number | null;
  minCount?: number;
  expectNone: boolean;
  expect: { id: string; operation: string | null; path: string | null }[];
  absent: string[];
}

const RANK: Record<Level, number> = { info: 0, warning: 1, error: 2 };
// oasdiff's tests run on their own calendar; sunset dates in the fixtures are judged against this day.
const TODAY = new Date(Date.UTC(2026, 0, 1));

export function score(c: Case, changes: Change[], rules: Rules): string | undefined {
  const allowed =
    c.config === 'all'
      ? (id: string) => !rules.disabledInTests.includes(id)
      : (id: string) => {
          const check = rules.checks[c.config.slice('single:'.length)];
          return (
            rules.alwaysRun.includes(id) ||
            (check !== undefined && (check.registered.includes(id) || check.alsoEmits.includes(id)))
          );
        };
  const got = changes.filter((ch) => allowed(ch.id) && RANK[ch.level] >= RANK[c.minLevel]);
  const ids =
    got.map((g) => `${g.id}${g.operation ? ` ${g.operation} ${g.path}` : ''}`).join(', ') || 'nothing';
  if (c.expectNone && got.length) return `expected nothing, got ${ids}`;
  if (c.count !== null && got.length !== c.count)
    return `expected ${c.count} changes, got ${got.length}: ${ids}`;
  if (c.minCount !== undefined && got.length < c.minCount)
    return `expected at least ${c.minCount}, got ${ids}`;
  const pool = [...got];
  for (const e of c.expect) {
    const i = pool.findIndex(
      (g) =>
        g.id === e.id &&
        (e.operation === null || g.operation === e.operation) &&
        (e.path === null || g.path === e.path),
    );
    if (i < 0) return `missing ${e.id}${e.operation ? ` ${e.operation} ${e.path}` : ''}; got ${ids}`;
    pool.splice(i, 1);
  }
  if (c.match === 'exact' && pool.length) return `unexpected ${pool.map((p) => p.id).join(', ')}`;
  for (const a of c.absent) if (got.some((g) => g.id === a)) return `${a} must be absent; got ${ids}`;
  return undefined;
}

interface Rules {
  checks: Record<string, { registered: string[]; alsoEmits: string[] }>;
  alwaysRun: string[];
  disabledInTests: string[];
}

describe.skipIf(!present)('oasdiff conformance', () => {
  it('reproduces at least 95 % of oasdiff’s cases; every difference is explained', async () => {
    if (!present) console.warn(`oasdiff conformance data not found at ${dir}: skipped`);
    const cases = JSON.parse(readFileSync(resolve(dir, 'cases.json'), 'utf8')) as Case[];
    const rules = JSON.parse(readFileSync(resolve(dir, 'rules.json'), 'utf8')) as Rules;
    const failures: string[] = [];
    const unexplained: string[] = [];
    let passed = 0;
    for (const c of cases) {
      const name = `${c.test} (${c.base} → ${c.revision})`;
      let verdict: string | undefined;
      try {
        const [base, revision] = await Promise.all([
          loadSpec(resolve(dir, c.base)),
          loadSpec(resolve(dir, c.revision)),
        ]);
        const changes = diffSpecs(base, revision, {
          today: TODAY,
          deprecationDaysBeta: c.options.deprecationDaysBeta,
          deprecationDaysStable: c.options.deprecationDaysStable,
          stabilityLevel: c.options.stabilityLevel as 'beta' | undefined,
        });
        verdict = score(c, changes, rules);
      } catch (error) {
        verdict = `threw ${(error as Error).message}`;
      }
      if (verdict === undefined) passed++;
      else {
        failures.push(`${name}: ${verdict}`);
        if (!DISAGREEMENTS.some((d) => d.test === c.test)) unexplained.push(`${name}: ${verdict}`);
      }
    }
    const ratio = passed / cases.length;
    console.log(`oasdiff conformance: ${passed}/${cases.length} = ${(ratio * 100).toFixed(1)} %`);
    if (process.env.DIFF_CONFORMANCE_VERBOSE) console.log(failures.join('\n'));
    expect(unexplained, unexplained.join('\n')).toEqual([]);
    expect(ratio).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});
