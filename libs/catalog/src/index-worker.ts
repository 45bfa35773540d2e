// A worker thread of indexFolder: loads and normalises one spec at a time and hands it back packed, ready to store.
import { parentPort } from 'node:worker_threads';
import { isSpecError } from '@interlock/openapi';
import { packVersion } from '@interlock/store';
import { prepareFile } from './prepare.js';
import type { IndexFailure, WorkerReply, WorkerTask } from './index-folder.js';

parentPort?.on('message', async (task: WorkerTask) => {
  let reply: WorkerReply;
  try {
    reply = {
      id: task.id,
      ok: true,
      packed: packVersion(await prepareFile(task.root, task.file, task.apiId)),
    };
  } catch (error) {
    reply = { id: task.id, ok: false, error: describeError(error) };
  }
  parentPort?.postMessage(reply);
});

function describeError(error: unknown): IndexFailure['error'] {
  if (isSpecError(error)) return error.toJSON() as IndexFailure['error'];
  return { code: 'internal', message: (error as Error)?.message ?? String(error) };
}
