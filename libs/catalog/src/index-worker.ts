// A worker thread of indexFolder: loads and normalises one spec at a time and hands it back packed, ready to store.
import { parentPort } from 'node:worker_threads';
import type { WorkerReply, WorkerTask } from './index-folder.js';
import { packFile } from './prepare.js';

parentPort?.on('message', async (task: WorkerTask) => {
  const loaded = await packFile(task.root, task.file, task.apiId);
  const reply: WorkerReply =
    'spec' in loaded ? { id: task.id, ok: true, packed: loaded } : { id: task.id, ok: false, error: loaded };
  parentPort?.postMessage(reply);
});
