import { MongoBulkWriteError, MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { WriteOutcomeUnknownError } from '../store-errors.ts';
import { createInsertBatcher } from './trigger-events-repo.ts';

const settle = (p: Promise<void>) =>
  p.then(
    () => 'stored',
    (err: unknown) => err,
  );

describe('trigger event insert batcher', () => {
  it('reports no insert as stored when the connection fails under the batch', async () => {
    // What driver 7 throws from insertMany when the socket dies: a bulk error, writeErrors [].
    const insert = createInsertBatcher<{ _id: string }>(async () => {
      throw new MongoBulkWriteError(new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed') as never, { insertedCount: 0 } as never);
    });
    const outcomes = await Promise.all([settle(insert({ _id: 'a' })), settle(insert({ _id: 'b' }))]);
    for (const o of outcomes) expect(o).toBeInstanceOf(WriteOutcomeUnknownError);
  });

  it('hands a per-document duplicate only to its own caller', async () => {
    const insert = createInsertBatcher<{ _id: string }>(async (docs) => {
      throw new MongoBulkWriteError(
        { message: 'E11000', code: 11000, writeErrors: [{ index: 1, code: 11000, errmsg: 'E11000 duplicate key' }] } as never,
        { insertedCount: docs.length - 1, getWriteConcernError: () => undefined } as never,
      );
    });
    const [a, b, c] = await Promise.all([settle(insert({ _id: 'a' })), settle(insert({ _id: 'b' })), settle(insert({ _id: 'c' }))]);
    expect(a).toBe('stored');
    expect(b).toBeInstanceOf(MongoServerError);
    expect((b as MongoServerError).code).toBe(11000);
    expect(c).toBe('stored');
  });
});
