export type StoreErrorCode =
  'invalid-url' | 'invalid-schema' | 'connect' | 'data-dir' | 'data-dir-in-use' | 'newer-schema';

/** The store could not open: what went wrong, where (never with credentials), and what to do. */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** What to do about it. Also the message's last sentence. */
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(`${message} ${hint}`, options);
  }
}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
