import { describe, expect, it } from 'vitest';
import { migrate, migrations } from './migrations.js';
import { createSql } from './sql.js';

describe('migrations', () => {
  it('are numbered 1, 2, 3 … in order, with kebab-case names and SQL', () => {
    expect(migrations.map((m) => m.id)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations) {
      expect(m.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(m.sql.trim()).not.toBe('');
    }
  });

  it('apply once: a second run finds nothing to do', async () => {
    const db = await createSql({ dataDir: 'memory://' });
    try {
      expect(await migrate(db, db.engine)).toEqual(migrations.map((m) => m.id));
      expect(await migrate(db, db.engine)).toEqual([]);
      const { rows } = await db.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual(migrations.map((m) => m.id));
    } finally {
      await db.close();
    }
  });

  it('refuse a database migrated by a newer version, saying what to do', async () => {
    const db = await createSql({ dataDir: 'memory://' });
    try {
      await migrate(db, db.engine);
      await db.query(`INSERT INTO schema_migrations (id, name) VALUES (999, 'from-the-future')`);
      await expect(migrate(db, db.engine)).rejects.toMatchObject({
        code: 'newer-schema',
        message: expect.stringMatching(/migration 999 \(from-the-future\).*newer version/),
      });
    } finally {
      await db.close();
    }
  });
});
