import { isStoreError, type StoreError } from '../errors.js';
import { createSql } from '../sql.js';

/** The StoreError that opening with these options fails with (a store that opens is closed, and is an error). */
export async function openError(options: Parameters<typeof createSql>[0]): Promise<StoreError> {
  const error = await createSql(options).then(
    async (db) => {
      await db.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  if (!isStoreError(error)) throw new Error(`expected a StoreError, got ${String(error)}`);
  return error;
}
