import { catalogIndex } from './catalog-index.js';
import { ingest } from './ingest.js';
import { pages } from './pages.js';
import { routeMatching } from './route-matching.js';

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<void>;
}

// Each benchmark registers itself here, once.
export const benchmarks: Benchmark[] = [catalogIndex, routeMatching, ingest, pages];
