// `npm run bench [name...]`: runs the named benchmarks (all when none is named) and prints their figures
// side by side with the anchors they are judged against.
import { benchmarks } from './registry.js';

const wanted = process.argv.slice(2);
const selected = wanted.length ? benchmarks.filter((b) => wanted.includes(b.name)) : benchmarks;
if (wanted.length && selected.length !== wanted.length) {
  const known = benchmarks.map((b) => b.name).join(', ');
  console.error(`Unknown benchmark in ${wanted.join(', ')}. Known: ${known}.`);
  process.exit(2);
}
for (const bench of selected) {
  console.log(`\n## ${bench.name}: ${bench.description}\n`);
  await bench.run();
}
