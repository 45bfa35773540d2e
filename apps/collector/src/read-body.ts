import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';

const inflate = promisify(gunzip);

/** The request body was too large, before or after decompression. */
export class BodyTooLarge extends Error {}
/** The body could not be read as declared (bad gzip, unknown content encoding). */
export class BadBody extends Error {}

/** A request body; `release()` lets its buffer serve another request once its bytes are no longer read. */
export interface Body {
  bytes: Uint8Array;
  release(): void;
}

const keep = () => undefined;

/**
 * Reads a request body up to `limit` bytes, decompressed: a gzip bomb stops at `limit` bytes of output instead of
 * filling memory, and an oversized body stops being read at `limit`. Given the Node request behind `request`, reads
 * that (no web stream), into a buffer reused from request to request when its length is declared.
 */
export async function readBody(request: Request, limit: number, incoming?: IncomingMessage): Promise<Body> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new BodyTooLarge(`The body is ${declared} bytes; the limit is ${limit}.`);
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip')
    throw new BadBody(`Content-Encoding ${encoding} is not supported: send gzip or no encoding.`);
  const raw =
    incoming && !incoming.readableDidRead
      ? await readIncoming(incoming, limit, declared)
      : { bytes: await readCapped(request, limit), release: keep };
  if (encoding === 'identity') return raw;
  try {
    return { bytes: new Uint8Array(await inflate(raw.bytes, { maxOutputLength: limit })), release: keep };
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new BodyTooLarge(`The body decompresses to more than ${limit} bytes, the limit.`);
    throw new BadBody(`The body is not valid gzip: ${(error as Error).message}.`);
  } finally {
    raw.release();
  }
}

async function readCapped(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLarge(`The body is more than ${limit} bytes, the limit.`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

async function readIncoming(incoming: IncomingMessage, limit: number, declared: number): Promise<Body> {
  if (Number.isInteger(declared) && declared > 0 && declared <= POOLED_MAX) {
    const buffer = bodies.take(declared);
    let at = 0;
    for await (const chunk of incoming as AsyncIterable<Buffer>) {
      if (at + chunk.byteLength > declared)
        throw new BadBody(`The body is longer than its ${declared} bytes.`);
      chunk.copy(buffer, at);
      at += chunk.byteLength;
    }
    if (at !== declared) throw new BadBody(`The body ended after ${at} of its ${declared} bytes.`);
    return { bytes: buffer.subarray(0, declared), release: () => bodies.give(buffer) };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) throw new BodyTooLarge(`The body is more than ${limit} bytes, the limit.`);
    chunks.push(chunk);
  }
  return { bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size), release: keep };
}

const POOLED_MAX = 4 * 1024 * 1024;

/**
 * Body buffers by power-of-two size, a few of each kept for the next requests: a 350 kB export every few
 * milliseconds would otherwise allocate (and leave to the garbage collector) that much memory each time.
 */
class BufferPool {
  private readonly free = new Map<number, Buffer[]>();
  constructor(private readonly perSize: number) {}

  take(size: number): Buffer {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(size, 65_536)));
    return this.free.get(capacity)?.pop() ?? Buffer.allocUnsafeSlow(capacity);
  }

  give(buffer: Buffer): void {
    let list = this.free.get(buffer.length);
    if (!list) this.free.set(buffer.length, (list = []));
    if (list.length < this.perSize) list.push(buffer);
  }
}

const bodies = new BufferPool(16);
