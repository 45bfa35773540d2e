// A worker thread of a lint pool: one Spectral linter on the ruleset, linting one spec at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { createLinter, type LinterOptions } from './lint-document.js';
import type { WorkerReply, WorkerTask } from './lint-pool.js';

const linter = createLinter(workerData as LinterOptions);
// The parent starts a spec's clock only once the worker is ready, so start-up is not charged to the first spec.
linter.then(
  () => parentPort?.postMessage({ ready: true }),
  (error: unknown) =>
    parentPort?.postMessage({ ready: false, message: (error as Error)?.message ?? String(error) }),
);

parentPort?.on('message', async (task: WorkerTask) => {
  let reply: WorkerReply;
  try {
    const { findings, files } = await (await linter).lint(task.file, task.text);
    reply = { id: task.id, ok: true, findings, files };
  } catch (error) {
    reply = { id: task.id, ok: false, message: (error as Error)?.message ?? String(error) };
  }
  parentPort?.postMessage(reply);
});
