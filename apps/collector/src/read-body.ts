import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';

const inflate = promisify(gunzip);

/** The request body was too large, before or after decompression. */
export class BodyTooLarge extends Error {}
/** The body could not be read as declared (bad gzip, unknown content encoding). */
export class BadBody extends Error {}

/**
 * Reads a request body up to `limit` bytes, decompressed: a gzip bomb stops at `limit` bytes of output instead of
 * filling memory, and an oversized body stops being read at `limit`. Given the Node request behind `request`, reads
 * that (one copy of the body, no web stream).
 */
export async function readBody(
  request: Request,
  limit: number,
  incoming?: IncomingMessage,
): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new BodyTooLarge(`The body is ${declared} bytes; the limit is ${limit}.`);
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip')
    throw new BadBody(`Content-Encoding ${encoding} is not supported: send gzip or no encoding.`);
  const raw =
    incoming && !incoming.readableDidRead
      ? await readIncoming(incoming, limit)
      : await readCapped(request, limit);
  if (encoding === 'identity') return raw;
  try {
    return new Uint8Array(await inflate(raw, { maxOutputLength: limit }));
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new BodyTooLarge(`The body decompresses to more than ${limit} bytes, the limit.`);
    throw new BadBody(`The body is not valid gzip: ${(error as Error).message}.`);
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

async function readIncoming(incoming: IncomingMessage, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) throw new BodyTooLarge(`The body is more than ${limit} bytes, the limit.`);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}
