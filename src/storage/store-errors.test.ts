import { MongoBulkWriteError, MongoNetworkTimeoutError, MongoServerError, MongoServerSelectionError, MongoWriteConcernError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { documentWriteErrors, isStoreUnavailable, StoreUnavailableError, WriteOutcomeUnknownError } from './store-errors.ts';

// Built the way driver 7 builds them (bulk/common.js): a driver error thrown by a batch
// is wrapped as-is with writeErrors []; a server answer with write errors carries them.
const result = (insertedCount: number) => ({ insertedCount, matchedCount: 0, getWriteConcernError: () => undefined }) as never;
const wrapped = (cause: Error, inserted = 0) => new MongoBulkWriteError(cause as never, result(inserted));
const answered = (codes: [index: number, code: number][], inserted: number) =>
  new MongoBulkWriteError(
    { message: 'E11000', code: codes[0]?.[1], writeErrors: codes.map(([index, code]) => ({ index, code, errmsg: `E${code}` })) } as never,
    result(inserted),
  );

describe('documentWriteErrors', () => {
  it('trusts a server answer that accounts for every insert', () => {
    expect(documentWriteErrors(answered([[1, 11000]], 2), { inserts: 3 })).toEqual([{ index: 1, code: 11000, message: 'E11000' }]);
  });

  it('calls a network timeout wrapped as a bulk error with no write errors unknown', () => {
    const err = wrapped(new MongoNetworkTimeoutError('connection 7 to 127.0.0.1:27017 timed out'));
    expect(err.writeErrors).toEqual([]);
    expect(() => documentWriteErrors(err, { inserts: 3 })).toThrow(WriteOutcomeUnknownError);
  });

  it('calls an answer that leaves inserts unaccounted for (a later batch never sent) unknown', () => {
    expect(() => documentWriteErrors(answered([[0, 11000]], 1), { inserts: 5 })).toThrow(WriteOutcomeUnknownError);
  });

  it('counts only inserts when the bulk mixes inserts and updates', () => {
    const kinds = ['update', 'insert', 'insert', 'update'];
    const errors = documentWriteErrors(answered([[2, 11000]], 1), { inserts: 2, isInsert: (i) => kinds[i] === 'insert' });
    expect(errors.map((e) => e.index)).toEqual([2]);
  });

  it('calls a write-concern failure unknown', () => {
    const wce = new MongoBulkWriteError(
      { message: 'waiting for replication timed out', code: 64 } as never,
      {
        insertedCount: 3,
        getWriteConcernError: () => ({ code: 64 }),
      } as never,
    );
    expect(() => documentWriteErrors(wce, { inserts: 3 })).toThrow(WriteOutcomeUnknownError);
  });

  it('rethrows other errors, typed when the store was unavailable', () => {
    const refused = new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:1', { type: 'Unknown', servers: new Map() } as never);
    expect(() => documentWriteErrors(refused, { inserts: 1 })).toThrow(StoreUnavailableError);
    const plain = new Error('bug');
    expect(() => documentWriteErrors(plain, { inserts: 1 })).toThrow(plain);
  });
});

describe('isStoreUnavailable', () => {
  it.each([
    ['a network timeout', new MongoNetworkTimeoutError('timed out')],
    ['a wrapped network timeout', wrapped(new MongoNetworkTimeoutError('timed out'))],
    ['a server shutting down', new MongoServerError({ message: 'interrupted at shutdown', code: 11600 })],
    ['a write-concern error', new MongoWriteConcernError({ writeConcernError: { code: 64, errmsg: 'timeout' } } as never)],
    ['our own', new WriteOutcomeUnknownError()],
  ])('is true for %s', (_what, err) => {
    expect(isStoreUnavailable(err)).toBe(true);
  });

  it.each([
    ['a duplicate key', new MongoServerError({ message: 'E11000', code: 11000 })],
    ['per-document write errors', answered([[0, 11000]], 0)],
    ['a plain error', new Error('x')],
  ])('is false for %s', (_what, err) => {
    expect(isStoreUnavailable(err)).toBe(false);
  });
});
