// Opens the PGlite data folder given as the first argument in a child process, for tests of its lock from
// another process: says so over IPC, then holds it until killed (SIGTERM closes it first).
import { createSql } from '../sql.js';

const db = await createSql({ dataDir: process.argv[2] ?? '' });
process.send?.({ opened: true });
process.on('SIGTERM', () => {
  void db.close().then(() => process.exit(0));
});
setInterval(() => undefined, 60_000);
