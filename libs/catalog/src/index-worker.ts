// A worker thread of indexFolder: loads and normalises one spec at a time, hands back its texts packed to store.
import { parentPort } from 'node:worker_threads';
import { isSpecError } from '@interlock/openapi';
import { packVersion } from '@interlock/store';
import { prepareFile } from './prepare.js';
import type { IndexFailure, WorkerReply, WorkerTask } from './index-folder.js';

parentPort?.on('message', async (task: WorkerTask) => {
  let reply: WorkerReply;
  try {
    const input = await prepareFile(task.root, task.file, task.apiId);
    const api = JSON.stringify(input.api);
    reply = {
      id: task.id,
      ok: true,
      api,
      packed: packVersion(input, api),
      text: input.text,
      mediaType: input.mediaType,
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
