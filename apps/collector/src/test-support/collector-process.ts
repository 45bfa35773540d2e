// A collector in a child process, for tests that kill it. Config from the environment; URL sent over IPC.
import { createStore } from '@interlock/store';
import { startCollector } from '../server.js';

const store = await createStore({
  databaseUrl: process.env.DATABASE_URL ?? '',
  schema: process.env.COLLECTOR_SCHEMA ?? 'public',
});
const collector = await startCollector({ store, port: 0, flushIntervalMs: 20 });
process.send?.({ url: collector.url });
process.on('SIGTERM', () => {
  void collector
    .close()
    .then(() => store.close())
    .then(() => process.exit(0));
});
