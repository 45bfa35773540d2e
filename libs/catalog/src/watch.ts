import { watch, type FSWatcher } from 'node:fs';

/** Calls `onChange` once things settle after files under `dir` change (spec files only). Returns a closer. */
export function watchFolder(dir: string, onChange: () => void, debounceMs = 300): () => void {
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, file) => {
    if (file && !/\.(ya?ml|json)$/i.test(String(file))) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  watcher.on('error', () => undefined); // a folder removed while watched: stop quietly
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
