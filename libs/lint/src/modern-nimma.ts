import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const fromLint = createRequire(import.meta.url);

/**
 * Spectral's runner walks documents with Nimma's `legacy` build, in which Babel turned every private class field
 * into a WeakMap: each step of the walk (a Sandbox, per key of a 13 MB spec) sets and reads four of them, and the
 * ephemerons add to garbage collection. Nimma's main build is the same source, of the same version, with native
 * private fields (Node ≥ 12), so the walk and its callbacks are the same; on GitHub's REST API spec it takes about
 * 7 % less CPU.
 *
 * This makes the runner load the main build: `nimma/legacy` is entered in the module cache as `nimma`. It has to
 * happen before Spectral's runner is loaded in this thread; once it is, the legacy build stays (Spectral's runner
 * and whatever patches Nimma must agree on the class). Returns whether the runner will use the main build.
 */
export function preferModernNimma(): boolean {
  if (state !== undefined) return state;
  try {
    const fromCore = createRequire(fromLint.resolve('@stoplight/spectral-core'));
    const runner = join(dirname(fromCore.resolve('@stoplight/spectral-core')), 'runner', 'runner.js');
    const legacy = fromCore.resolve('nimma/legacy');
    const modern = fromCore.resolve('nimma');
    const cache = fromCore.cache;
    if (cache[runner] !== undefined)
      return (state = cache[legacy] !== undefined && cache[legacy] === cache[modern]);
    if (cache[legacy] !== undefined) return (state = false);
    fromCore(modern);
    const loaded = cache[modern];
    if (loaded === undefined) return (state = false);
    cache[legacy] = loaded;
    return (state = true);
  } catch {
    return (state = false);
  }
}

let state: boolean | undefined;
