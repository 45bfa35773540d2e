// The load: OTLP/protobuf exports posted back to back over keep-alive connections from a second process.
import { readFileSync } from 'node:fs';

const [url, file, seconds, concurrency] = process.argv.slice(2) as [string, string, string, string];
const payloads = (JSON.parse(readFileSync(file, 'utf8')) as string[]).map((b) => Buffer.from(b, 'base64'));
const spansPerPayload = Number(process.env.SPANS_PER_PAYLOAD ?? 512);
const deadline = performance.now() + Number(seconds) * 1000;
let acked = 0;
let refused = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (performance.now() < deadline) {
      const body = payloads[next++ % payloads.length] as Buffer;
      const response = await fetch(`${url}/v1/traces`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-protobuf' },
      });
      await response.arrayBuffer();
      if (response.status === 200) acked += spansPerPayload;
      else refused++;
    }
  }),
);
const usage = process.resourceUsage();
process.send?.({
  acked,
  refused,
  seconds: (performance.now() - started) / 1000,
  cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
});
