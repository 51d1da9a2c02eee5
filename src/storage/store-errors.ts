import { MongoBulkWriteError, MongoError, MongoServerError, MongoWriteConcernError } from 'mongodb';

/** How long a client is told to wait before retrying while the store is unavailable. */
export const STORE_RETRY_AFTER_SECONDS = 2;

/** The store could not be reached (or did not answer in time): nothing can be promised. */
export class StoreUnavailableError extends Error {
  readonly retryAfterSeconds: number;
  /** True when the outage is already known (and logged once) rather than met by this request. */
  readonly known: boolean;
  constructor(message = 'The database is unavailable', opts: { cause?: unknown; retryAfterSeconds?: number; known?: boolean } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'StoreUnavailableError';
    this.retryAfterSeconds = opts.retryAfterSeconds ?? STORE_RETRY_AFTER_SECONDS;
    this.known = opts.known ?? false;
  }
}

/**
 * A page cursor this store did not issue, or issued for another list or order. The
 * client's mistake: src/http answers it as a 400 naming `query.cursor`; storage knows
 * nothing of HTTP.
 */
export class InvalidCursorError extends Error {
  constructor() {
    super('Invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

/**
 * A write was sent but whether it took effect is not known (the connection failed or
 * timed out before the answer, or the answer did not cover every document). Such a
 * write is never reported as done.
 */
export class WriteOutcomeUnknownError extends StoreUnavailableError {
  constructor(message = 'The outcome of a database write is unknown', opts: { cause?: unknown } = {}) {
    super(message, opts);
    this.name = 'WriteOutcomeUnknownError';
  }
}

// Server answers that mean "not now" rather than "not this": shutting down, stepping
// down, no primary, interrupted, a time limit hit.
const TRANSIENT_SERVER_CODES = new Set([6, 7, 50, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);
const TRANSIENT_DRIVER_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoServerSelectionError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClosedError',
  'MongoServerClosedError',
  'MongoClientClosedError',
]);

/** The driver error a bulk error stands for, when the bulk did not get per-document answers. */
function wrappedCause(err: MongoBulkWriteError): unknown {
  const response = (err as { errorResponse?: unknown }).errorResponse;
  return response instanceof Error ? response : undefined;
}

/** True when `err` says the store was unreachable, overloaded or did not answer in time. */
export function isStoreUnavailable(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  if (err instanceof MongoBulkWriteError) {
    const cause = wrappedCause(err);
    if (cause) return isStoreUnavailable(cause);
    return hasWriteConcernFailure(err);
  }
  if (err instanceof MongoWriteConcernError) return true;
  if (!(err instanceof MongoError)) return false;
  if (TRANSIENT_DRIVER_ERRORS.has(err.name)) return true;
  if (err.hasErrorLabel('RetryableWriteError') || err.hasErrorLabel('TransientTransactionError') || err.hasErrorLabel('ResetPool')) return true;
  return err instanceof MongoServerError && typeof err.code === 'number' && TRANSIENT_SERVER_CODES.has(err.code);
}

function hasWriteConcernFailure(err: MongoBulkWriteError): boolean {
  if ((err as { err?: unknown }).err) return true;
  const result = err.result as { getWriteConcernError?: () => unknown; hasWriteErrors?: () => boolean } | undefined;
  return Boolean(result?.getWriteConcernError?.());
}

/** Rethrows a store-unavailable error as the typed error the HTTP layer answers with 503. */
export function asStoreError(err: unknown): unknown {
  if (err instanceof StoreUnavailableError || !isStoreUnavailable(err)) return err;
  return new StoreUnavailableError(undefined, { cause: err });
}

export interface DocumentWriteError {
  /** Position of the operation in the bulk call. */
  index: number;
  code: number;
  message: string;
}

export interface BulkShape {
  /** How many operations of the bulk call are inserts. */
  inserts: number;
  /** Whether operation `index` is an insert; every operation when omitted. */
  isInsert?: (index: number) => boolean;
}

/**
 * The per-document outcome of a failed bulk write, when the error carries one that can
 * be trusted: the server answered for the documents (write errors present), the answer
 * was not a wrapped network or timeout failure, no write-concern failure, and every
 * insert is accounted for (inserted or failed — the driver stops sending later batches
 * after a batch with write errors, so those inserts never happened). Otherwise the
 * outcome of some operation is unknown and this throws WriteOutcomeUnknownError; any
 * error that is not a bulk error is rethrown (typed when the store was unavailable).
 * Operations not in the returned list took effect (inserts) or ran (updates).
 */
export function documentWriteErrors(err: unknown, shape: BulkShape): DocumentWriteError[] {
  if (!(err instanceof MongoBulkWriteError)) throw asStoreError(err);
  const errors = [err.writeErrors].flat().filter((e) => e !== undefined);
  if (wrappedCause(err) || errors.length === 0 || hasWriteConcernFailure(err)) {
    throw new WriteOutcomeUnknownError(undefined, { cause: err });
  }
  const isInsert = shape.isInsert ?? (() => true);
  const failedInserts = errors.filter((e) => isInsert(e.index)).length;
  const insertedCount = err.result?.insertedCount ?? Number.NaN;
  if (insertedCount + failedInserts !== shape.inserts) throw new WriteOutcomeUnknownError(undefined, { cause: err });
  return errors.map((e) => ({ index: e.index, code: e.code, message: e.errmsg ?? 'write error' }));
}
