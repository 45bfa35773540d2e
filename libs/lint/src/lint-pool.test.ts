import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLintPool, type LintPool } from './lint-pool.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const spec = (name: string) => readFileSync(join(fixtures, 'specs', name), 'utf8');

/** What the hog.js ruleset's finding says: blocks of memory held, and the heap limit of the worker that linted. */
async function held(pool: LintPool, name: string): Promise<{ blocks: number; limitMb: number }> {
  const outcome = await pool.lint(join(fixtures, name), spec(name));
  expect(outcome.status).toBe('done');
  const finding =
    outcome.status === 'done' ? outcome.findings.find((f) => f.code === 'holds-memory') : undefined;
  const [, blocks, limit] = /held (\d+) blocks; heap limit (\d+) MB/.exec(finding?.message ?? '') ?? [];
  return { blocks: Number(blocks), limitMb: Number(limit) };
}

describe('createLintPool', () => {
  it('lints specs given as text on one worker; a spec past the time limit is stopped and the next is linted', async () => {
    const pool = await createLintPool({
      ruleset: join(fixtures, 'rulesets', 'hang.js'),
      root: fixtures,
      timeoutMs: 2_000,
    });
    try {
      const [hang, small] = await Promise.all([
        pool.lint(join(fixtures, 'hang.yaml'), spec('hang.yaml')),
        pool.lint(join(fixtures, 'small.yaml'), spec('small.yaml')),
      ]);
      expect(hang).toMatchObject({ status: 'timed-out', message: expect.stringMatching(/longer than 2 s/) });
      expect(small.status).toBe('done');
      if (small.status === 'done') expect(small.findings.map((f) => f.code)).toContain('info-contact');
    } finally {
      await pool.close();
    }
  });

  it("lints a spec that needs more than a worker's heap limit again on a worker without it", async () => {
    const pool = await createLintPool({
      ruleset: join(fixtures, 'rulesets', 'hog.js'),
      root: fixtures,
      workerHeapMb: 200,
    });
    try {
      const small = await held(pool, 'no-hog.yaml');
      expect(small.blocks).toBe(0);
      expect(small.limitMb).toBeLessThan(400);
      // 400 MB do not fit in 200: the worker runs out of memory, and a worker without the limit lints the spec.
      const large = await held(pool, 'hog.yaml');
      expect(large).toEqual({ blocks: 40, limitMb: expect.any(Number) });
      expect(large.limitMb).toBeGreaterThan(1000);
      // The next spec is linted on a limited worker again.
      expect((await held(pool, 'no-hog.yaml')).limitMb).toBeLessThan(400);
    } finally {
      await pool.close();
    }
  });

  it('lints on a worker without the heap limit when a worker cannot even start within it', async () => {
    const pool = await createLintPool({
      ruleset: join(fixtures, 'rulesets', 'hog.js'),
      root: fixtures,
      workerHeapMb: 4,
    });
    try {
      expect((await held(pool, 'no-hog.yaml')).limitMb).toBeGreaterThan(1000);
    } finally {
      await pool.close();
    }
  });

  it('answers specs still waiting at close as failed, and specs after close too', async () => {
    const pool = await createLintPool({ root: fixtures });
    const waiting = [1, 2, 3].map(() => pool.lint(join(fixtures, 'small.yaml'), spec('small.yaml')));
    await pool.close();
    for (const outcome of await Promise.all(waiting)) expect(outcome.status).toBe('failed');
    expect((await pool.lint('x.yaml', spec('small.yaml'))).status).toBe('failed');
  });

  it('refuses $refs to files when fileRefs is off, as a finding', async () => {
    const pool = await createLintPool({ root: fixtures, workers: 0, fileRefs: false });
    try {
      const outcome = await pool.lint(join(fixtures, 'specs', 'root.yaml'), spec('root.yaml'));
      expect(outcome.status).toBe('done');
      if (outcome.status === 'done') {
        const refs = outcome.findings.filter((f) => f.code === 'invalid-ref');
        expect(refs.map((f) => f.message)).toEqual([expect.stringMatching(/must be self-contained/)]);
      }
    } finally {
      await pool.close();
    }
  });

  it('stops a worker idle for idleMs; the next spec starts another', async () => {
    const pool = await createLintPool({ ruleset: join(fixtures, 'rulesets', 'thread-id.js'), idleMs: 50 });
    const thread = async () => {
      const outcome = await pool.lint(join(fixtures, 'small.yaml'), spec('small.yaml'));
      return outcome.status === 'done' ? outcome.findings[0]?.message : outcome.message;
    };
    try {
      const first = await thread();
      expect(first).toMatch(/^thread \d+$/);
      expect(await thread()).toBe(first);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await thread()).not.toBe(first);
    } finally {
      await pool.close();
    }
  });

  it('starts prestart workers while the ruleset loads; the specs are linted on them', async () => {
    const pool = await createLintPool({
      ruleset: join(fixtures, 'rulesets', 'thread-id.js'),
      workers: 2,
      prestart: 2,
    });
    try {
      const threads = await Promise.all(
        [1, 2].map(async () => {
          const outcome = await pool.lint(join(fixtures, 'small.yaml'), spec('small.yaml'));
          return outcome.status === 'done' ? outcome.findings[0]?.message : outcome.message;
        }),
      );
      expect(threads).toEqual([expect.stringMatching(/^thread \d+$/), expect.stringMatching(/^thread \d+$/)]);
      expect(new Set(threads).size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  // Each worker is a thread of this process (Linux lists them in /proc/self/task).
  it.runIf(existsSync('/proc/self/task'))(
    'rejects a ruleset that cannot be used with prestarted workers too, and stops them',
    async () => {
      const threads = () => readdirSync('/proc/self/task').length;
      const before = threads();
      await expect(
        createLintPool({ ruleset: join(fixtures, 'rulesets', 'syntax-error.yaml'), workers: 2, prestart: 2 }),
      ).rejects.toMatchObject({
        name: 'RulesetError',
        file: join(fixtures, 'rulesets', 'syntax-error.yaml'),
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(threads()).toBe(before);
    },
  );

  it('refuses options it cannot use, naming them', async () => {
    await expect(createLintPool({ workers: -1 })).rejects.toThrow(/workers must be an integer ≥ 0, got -1/);
    await expect(createLintPool({ timeoutMs: 0 })).rejects.toThrow(/timeoutMs must be above 0, got 0/);
    await expect(createLintPool({ prestart: 1.5 })).rejects.toThrow(
      /prestart must be an integer ≥ 0, got 1.5/,
    );
  });
});
