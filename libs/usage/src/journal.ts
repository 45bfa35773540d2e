import type { LatencyCell, StatusClass, UndocumentedCell, UsageBatch, UsageCell } from './aggregate.js';
import { ByteReader, ByteWriter } from './bytes.js';
import { LatencySketch } from './sketch.js';

/** The journal's format number: a reader skips (and keeps) rows of any other. */
export const JOURNAL_FORMAT = 1;

const STATUS: readonly StatusClass[] = ['none', '1xx', '2xx', '3xx', '4xx', '5xx'];

/**
 * A group commit's aggregates as one journal entry: a table of the texts it names, then its cells, latencies and
 * undocumented routes, as varints that point into the table. Small (a few bytes a cell) and quick to write, so
 * that making a group durable costs one row, whatever its number of cells.
 */
export function encodeBatch(batch: UsageBatch): Uint8Array {
  const texts = new Map<string, number>();
  const text = (s: string) => {
    let i = texts.get(s);
    if (i === undefined) texts.set(s, (i = texts.size));
    return i;
  };
  const body = new ByteWriter(64 + batch.cells.length * 12);
  body.varint(batch.spans);
  body.varint(batch.cells.length);
  for (const c of batch.cells) {
    body.varint(text(c.apiId));
    body.varint(text(c.operationKey));
    body.varint(text(c.consumer));
    body.varint(STATUS.indexOf(c.statusClass));
    body.varint(c.minute / 60_000);
    body.varint(c.count);
    body.varint(Math.round(c.requestBytes));
    body.varint(Math.round(c.responseBytes));
  }
  body.varint(batch.latencies.length);
  for (const l of batch.latencies) {
    body.varint(text(l.apiId));
    body.varint(text(l.operationKey));
    body.varint(l.minute / 60_000);
    const sketch = l.durations.bytes();
    body.varint(sketch.length);
    body.bytes(sketch);
  }
  body.varint(batch.undocumented.length);
  for (const u of batch.undocumented) {
    body.varint(text(u.service));
    body.varint(u.apiId === undefined ? 0 : text(u.apiId) + 1);
    body.varint(text(u.method));
    body.varint(text(u.route));
    body.varint(text(u.example));
    body.varint(u.count);
    body.varint(Math.floor(u.firstSeen));
    body.varint(Math.floor(u.lastSeen));
  }
  const out = new ByteWriter(body.length + texts.size * 16 + 8);
  out.byte(JOURNAL_FORMAT);
  out.varint(texts.size);
  for (const s of texts.keys()) out.string(s);
  out.bytes(body.finish());
  return out.finish();
}

/** The batch `encodeBatch` wrote; throws on anything else. */
export function decodeBatch(bytes: Uint8Array): UsageBatch {
  const r = new ByteReader(bytes);
  if (r.byte() !== JOURNAL_FORMAT) throw new Error('not a journal entry of format 1');
  const texts: string[] = new Array(r.varint());
  for (let i = 0; i < texts.length; i++) texts[i] = r.string();
  const text = (i: number) => {
    const s = texts[i];
    if (s === undefined) throw new Error(`text ${i} out of range`);
    return s;
  };
  const spans = r.varint();
  const cells: UsageCell[] = new Array(r.varint());
  for (let i = 0; i < cells.length; i++) {
    const apiId = text(r.varint());
    const operationKey = text(r.varint());
    const consumer = text(r.varint());
    const statusClass = STATUS[r.varint()];
    if (!statusClass) throw new Error('bad status class');
    cells[i] = {
      apiId,
      operationKey,
      consumer,
      statusClass,
      minute: r.varint() * 60_000,
      count: r.varint(),
      requestBytes: r.varint(),
      responseBytes: r.varint(),
    };
  }
  const latencies: LatencyCell[] = new Array(r.varint());
  for (let i = 0; i < latencies.length; i++) {
    const apiId = text(r.varint());
    const operationKey = text(r.varint());
    const minute = r.varint() * 60_000;
    latencies[i] = { apiId, operationKey, minute, durations: LatencySketch.fromBytes(r.bytes(r.varint())) };
  }
  const undocumented: UndocumentedCell[] = new Array(r.varint());
  for (let i = 0; i < undocumented.length; i++) {
    const service = text(r.varint());
    const api = r.varint();
    undocumented[i] = {
      service,
      apiId: api === 0 ? undefined : text(api - 1),
      method: text(r.varint()),
      route: text(r.varint()),
      example: text(r.varint()),
      count: r.varint(),
      firstSeen: r.varint(),
      lastSeen: r.varint(),
    };
  }
  if (!r.done) throw new Error('trailing bytes');
  return { cells, latencies, undocumented, spans };
}

/** Several batches as one: cells, latencies and routes of the same key added together. */
export function mergeBatches(batches: readonly UsageBatch[]): UsageBatch {
  if (batches.length === 1) return batches[0] as UsageBatch;
  const cells = new Map<string, UsageCell>();
  const latencies = new Map<string, LatencyCell>();
  const undocumented = new Map<string, UndocumentedCell>();
  let spans = 0;
  for (const batch of batches) {
    spans += batch.spans;
    for (const c of batch.cells) {
      const key = `${c.apiId}\n${c.operationKey}\n${c.consumer}\n${c.statusClass}\n${c.minute}`;
      const at = cells.get(key);
      if (!at) cells.set(key, { ...c });
      else {
        at.count += c.count;
        at.requestBytes += c.requestBytes;
        at.responseBytes += c.responseBytes;
      }
    }
    for (const l of batch.latencies) {
      const key = `${l.apiId}\n${l.operationKey}\n${l.minute}`;
      const at = latencies.get(key);
      if (!at) {
        const durations = LatencySketch.create();
        durations.merge(l.durations);
        latencies.set(key, { ...l, durations });
      } else at.durations.merge(l.durations);
    }
    for (const u of batch.undocumented) {
      const key = `${u.service}\n${u.method}\n${u.route}`;
      const at = undocumented.get(key);
      if (!at) undocumented.set(key, { ...u });
      else {
        at.count += u.count;
        at.firstSeen = Math.min(at.firstSeen, u.firstSeen);
        at.lastSeen = Math.max(at.lastSeen, u.lastSeen);
        at.apiId ??= u.apiId;
      }
    }
  }
  return {
    cells: [...cells.values()],
    latencies: [...latencies.values()],
    undocumented: [...undocumented.values()],
    spans,
  };
}
