import cliProgress from 'cli-progress';
import type { Io } from './io.js';

/** A progress bar on stderr when it is a terminal and there is enough work to watch; silent otherwise. */
export function createProgress(
  io: Io,
  total: number,
  label: string,
): { update(done: number, item: string): void; stop(): void } {
  if (!io.stderr.isTTY || total <= 5) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: `${label} [{bar}] {value}/{total} {percentage}% | {eta_formatted} left | {item}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { item: '' });
  return {
    update: (done, item) => bar.update(done, { item: item.length > 40 ? `…${item.slice(-39)}` : item }),
    stop: () => bar.stop(),
  };
}
