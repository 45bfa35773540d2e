import { indexFolder } from '@interlock/catalog';
import { createStore } from '@interlock/store';
import { resolve } from 'node:path';
import { EXIT, formatOption, print, type Io, storeOptions } from '../io.js';
import { createProgress } from '../progress.js';
import { formatIndexSummary } from '../summary.js';

export async function indexCommand(dir: string, options: { format?: string }, io: Io): Promise<number> {
  const format = formatOption(options.format, ['text', 'json']);
  const store = await createStore(storeOptions(io));
  try {
    let progress: ReturnType<typeof createProgress> | undefined;
    const summary = await indexFolder(store, resolve(io.cwd, dir), {
      onProgress: ({ done, total, file }) => {
        progress ??= createProgress(io, total, 'Indexing');
        progress.update(done, file);
      },
    });
    progress?.stop();
    print(io.stdout, format === 'json' ? JSON.stringify(summary, null, 2) : formatIndexSummary(summary));
    return summary.failed.length ? EXIT.failed : EXIT.ok;
  } finally {
    await store.close();
  }
}
