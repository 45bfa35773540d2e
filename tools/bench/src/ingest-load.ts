// The load: OTLP/protobuf exports posted back to back over keep-alive connections from a second process.
// node:http rather than fetch: fetch spent about 3 ms of this process's CPU per 352 KB export, as much as the
// collector, and on a machine of two cores the sender must not be what limits the rate.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const [url, file, seconds, concurrency] = process.argv.slice(2) as [string, string, string, string];
const payloads = (JSON.parse(readFileSync(file, 'utf8')) as string[]).map((b) => Buffer.from(b, 'base64'));
const spansPerPayload = Number(process.env.SPANS_PER_PAYLOAD ?? 512);
const target = new URL('/v1/traces', url);
const agent = new Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const deadline = performance.now() + Number(seconds) * 1000;
let acked = 0;
let refused = 0;
let next = 0;

function post(body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.byteLength },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

const started = performance.now();
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (performance.now() < deadline) {
      const status = await post(payloads[next++ % payloads.length] as Buffer);
      if (status === 200) acked += spansPerPayload;
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
agent.destroy();
