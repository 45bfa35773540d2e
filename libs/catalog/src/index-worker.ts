// A worker thread of indexFolder: loads and normalises the files it is given, one at a time, in order, and hands
// each back packed, ready to store. Files arrive ahead of time (see AHEAD in index-folder.ts).
import { parentPort } from 'node:worker_threads';
import type { WorkerReply, WorkerTask } from './index-folder.js';
import { packFile } from './prepare.js';

const tasks: WorkerTask[] = [];
let running = false;

parentPort?.on('message', (task: WorkerTask) => {
  tasks.push(task);
  if (!running) void run();
});

async function run(): Promise<void> {
  running = true;
  for (let task = tasks.shift(); task; task = tasks.shift()) {
    const loaded = await packFile(task.root, task.file, task.apiId);
    const reply: WorkerReply =
      'spec' in loaded
        ? { id: task.id, ok: true, packed: loaded }
        : { id: task.id, ok: false, error: loaded };
    parentPort?.postMessage(reply);
  }
  running = false;
}
