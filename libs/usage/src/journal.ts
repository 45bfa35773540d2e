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
  const merger = new JournalMerger();
  merger.add(bytes);
  return merger.batch();
}

interface CellSum {
  count: number;
  requestBytes: number;
  responseBytes: number;
}

type Tree<T> = Map<number, Map<number, Map<number, T>>>;

function leaf<T>(tree: Tree<T>, a: number, b: number): Map<number, T> {
  let level = tree.get(a);
  if (!level) tree.set(a, (level = new Map()));
  let inner = level.get(b);
  if (!inner) level.set(b, (inner = new Map()));
  return inner;
}

/**
 * Journal entries added together, as a fold needs them: cells and latencies of the same key summed, keyed by
 * numbers (texts are numbered once per fold), so that adding an entry allocates nothing per cell it already has.
 */
export class JournalMerger {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  /** api → operation → minute index → consumer * 8 + status → sums */
  private readonly cells: Tree<Map<number, CellSum>> = new Map();
  /** api → operation → minute index → sketch */
  private readonly latencies: Tree<LatencySketch> = new Map();
  private readonly undocumented = new Map<string, UndocumentedCell>();
  private spans = 0;

  /** Adds one entry; throws, adding nothing, when it is not an entry of this format. */
  add(bytes: Uint8Array): void {
    const r = new ByteReader(bytes);
    if (r.byte() !== JOURNAL_FORMAT) throw new Error('not a journal entry of format 1');
    const local = new Array<string>(r.varint());
    for (let i = 0; i < local.length; i++) local[i] = r.string();
    const spans = r.varint();
    // Read (and check) everything before merging anything.
    const cells = new Float64Array(r.varint() * 8);
    for (let i = 0; i < cells.length; i++) cells[i] = r.varint();
    const latencies: [number, number, number, LatencySketch][] = new Array(r.varint());
    for (let i = 0; i < latencies.length; i++)
      latencies[i] = [r.varint(), r.varint(), r.varint(), LatencySketch.fromBytes(r.bytes(r.varint()))];
    const undocumented: number[][] = new Array(r.varint());
    for (let i = 0; i < undocumented.length; i++)
      undocumented[i] = [
        r.varint(),
        r.varint(),
        r.varint(),
        r.varint(),
        r.varint(),
        r.varint(),
        r.varint(),
        r.varint(),
      ];
    if (!r.done) throw new Error('trailing bytes');
    const text = (i: number) => {
      if (i >= local.length) throw new Error(`text ${i} out of range`);
      return i;
    };
    for (let i = 0; i < cells.length; i += 8) {
      text(cells[i] as number);
      text(cells[i + 1] as number);
      text(cells[i + 2] as number);
      if ((cells[i + 3] as number) >= STATUS.length) throw new Error('bad status class');
    }
    for (const [api, op] of latencies) {
      text(api);
      text(op);
    }
    for (const u of undocumented) {
      text(u[0] as number);
      if ((u[1] as number) > 0) text((u[1] as number) - 1);
      text(u[2] as number);
      text(u[3] as number);
      text(u[4] as number);
    }

    const global = local.map((t) => this.id(t));
    this.spans += spans;
    for (let i = 0; i < cells.length; i += 8) {
      const byMinute = leaf(
        this.cells,
        global[cells[i] as number] as number,
        global[cells[i + 1] as number] as number,
      );
      let byConsumer = byMinute.get(cells[i + 4] as number);
      if (!byConsumer) byMinute.set(cells[i + 4] as number, (byConsumer = new Map()));
      const key = (global[cells[i + 2] as number] as number) * 8 + (cells[i + 3] as number);
      const at = byConsumer.get(key);
      if (at) {
        at.count += cells[i + 5] as number;
        at.requestBytes += cells[i + 6] as number;
        at.responseBytes += cells[i + 7] as number;
      } else
        byConsumer.set(key, {
          count: cells[i + 5] as number,
          requestBytes: cells[i + 6] as number,
          responseBytes: cells[i + 7] as number,
        });
    }
    for (const [api, op, minute, sketch] of latencies) {
      const byMinute = leaf(this.latencies, global[api] as number, global[op] as number);
      const at = byMinute.get(minute);
      if (at) at.merge(sketch);
      else byMinute.set(minute, sketch);
    }
    for (const u of undocumented) {
      const cell: UndocumentedCell = {
        service: local[u[0] as number] as string,
        apiId: (u[1] as number) === 0 ? undefined : (local[(u[1] as number) - 1] as string),
        method: local[u[2] as number] as string,
        route: local[u[3] as number] as string,
        example: local[u[4] as number] as string,
        count: u[5] as number,
        firstSeen: u[6] as number,
        lastSeen: u[7] as number,
      };
      const key = `${cell.service}\n${cell.method}\n${cell.route}`;
      const at = this.undocumented.get(key);
      if (!at) this.undocumented.set(key, cell);
      else {
        at.count += cell.count;
        at.firstSeen = Math.min(at.firstSeen, cell.firstSeen);
        at.lastSeen = Math.max(at.lastSeen, cell.lastSeen);
        at.apiId ??= cell.apiId;
      }
    }
  }

  /** Everything added, as one batch. */
  batch(): UsageBatch {
    const cells: UsageCell[] = [];
    for (const [api, byOperation] of this.cells)
      for (const [op, byMinute] of byOperation)
        for (const [minute, byConsumer] of byMinute)
          for (const [key, sums] of byConsumer)
            cells.push({
              apiId: this.texts[api] as string,
              operationKey: this.texts[op] as string,
              consumer: this.texts[Math.floor(key / 8)] as string,
              statusClass: STATUS[key % 8] as StatusClass,
              minute: minute * 60_000,
              ...sums,
            });
    const latencies: LatencyCell[] = [];
    for (const [api, byOperation] of this.latencies)
      for (const [op, byMinute] of byOperation)
        for (const [minute, durations] of byMinute)
          latencies.push({
            apiId: this.texts[api] as string,
            operationKey: this.texts[op] as string,
            minute: minute * 60_000,
            durations,
          });
    return { cells, latencies, undocumented: [...this.undocumented.values()], spans: this.spans };
  }

  private id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }
}
