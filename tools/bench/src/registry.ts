import { broker } from './broker.js';
import { catalogIndex } from './catalog-index.js';
import { diff } from './diff.js';
import { ingest } from './ingest.js';
import { lint } from './lint.js';
import { report } from './report.js';
import { pages } from './pages.js';
import { routeMatching } from './route-matching.js';

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<void>;
}

// Each benchmark registers itself here, once.
export const benchmarks: Benchmark[] = [
  catalogIndex,
  routeMatching,
  ingest,
  diff,
  report,
  lint,
  broker,
  pages,
];
