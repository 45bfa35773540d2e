import { indexFolder } from '@interlock/catalog';
import { createStore } from '@interlock/store';
import { EXIT, formatOption, print, specsFolder, UsageError, type Io, storeOptions } from '../io.js';
import { createProgress } from '../progress.js';
import { formatIndexSummary } from '../summary.js';

export async function indexCommand(dir: string, options: { format?: string }, io: Io): Promise<number> {
  const format = formatOption(options.format, ['text', 'json']);
  const folder = specsFolder(io, dir);
  if (folder.is === 'missing')
    throw new UsageError(
      `No such folder: ${folder.path}. Give the folder that holds your specs, e.g. \`interlock index specs\`.`,
    );
  if (folder.is === 'file')
    throw new UsageError(
      `${folder.path} is a file, not a folder: \`interlock index\` indexes every spec under a folder. ` +
        `Give the folder it is in, or publish this one spec with \`interlock publish ${dir}\`.`,
    );
  const store = await createStore(storeOptions(io));
  try {
    let progress: ReturnType<typeof createProgress> | undefined;
    const summary = await indexFolder(store, folder.path, {
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
