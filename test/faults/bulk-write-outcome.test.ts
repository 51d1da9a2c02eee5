import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import { insertNew } from '../../src/storage/insert-new.ts';
import { createOutboxStore } from '../../src/storage/outbox/outbox-store.ts';
import { createRowsRepo } from '../../src/storage/repositories/rows-repo.ts';
import { createTriggerEventsRepo } from '../../src/storage/repositories/trigger-events-repo.ts';
import { WriteOutcomeUnknownError } from '../../src/storage/store-errors.ts';
import type { TriggerEventRecord } from '../../src/triggers/types.ts';
import { isEmbedded, testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

// The real driver against the real store, with the store's answers lost on the way back:
// the write is applied, the client sees a socket timeout, which driver 7 throws from
// insertMany/bulkWrite as a MongoBulkWriteError with no write errors. No such write may be
// reported as done.

const dbName = uniqueDbName('faults');
let proxy: TcpProxy;
let client: MongoClient;
let direct: MongoClient;
let db: Db;

// The relay fronts one server: the suite's embedded one (a deployment may have several).
const single = isEmbedded();

beforeAll(async () => {
  if (!single) return;
  const target = new URL(testMongoUri().replace(/^mongodb:/, 'http:'));
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  client = await new MongoClient(`mongodb://127.0.0.1:${proxy.port}/?directConnection=true`, {
    socketTimeoutMS: 400,
    serverSelectionTimeoutMS: 2_000,
  }).connect();
  direct = await new MongoClient(testMongoUri()).connect();
  db = client.db(dbName);
});

afterAll(async () => {
  await client?.close().catch(() => undefined);
  await direct
    ?.db(dbName)
    .dropDatabase()
    .catch(() => undefined);
  await direct?.close();
  await proxy?.close();
});

/** Runs `write` with the store's answers dropped; the proxy forwards again afterwards. */
async function withLostAnswers<T>(write: () => Promise<T>): Promise<T | unknown> {
  proxy.setMode('drop-replies');
  try {
    return await write().catch((err: unknown) => err);
  } finally {
    proxy.setMode('forward');
  }
}

/** Waits until the driver talks to the store again (its pool was cleared by the timeout). */
async function reconnected(): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await db.command({ ping: 1 });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

describe.skipIf(!single)('a bulk write whose answer is lost', () => {
  it('insertNew (event outbox, delivery fan-out) reports it unknown, not inserted', async () => {
    const coll = db.collection<{ _id: string }>('events_probe');
    await coll.insertOne({ _id: 'warm' });
    const outcome = await withLostAnswers(() => insertNew(coll, [{ _id: randomUUID() }, { _id: randomUUID() }]));
    expect(outcome).toBeInstanceOf(WriteOutcomeUnknownError);
    await reconnected();
  });

  it('the trigger event batcher rejects the insert instead of acknowledging it', async () => {
    const outbox = createOutboxStore({ db, ids: createIdGenerator(), clock: systemClock, logger: pino({ level: 'silent' }) });
    const repo = createTriggerEventsRepo(db, { outbox });
    const now = new Date();
    const record: TriggerEventRecord = {
      id: randomUUID(),
      orgId: 'org',
      triggerId: 'trg',
      status: 'received',
      dedupKey: `webhook-id:${randomUUID()}`,
      duplicateOf: null,
      contentType: 'application/json',
      headers: {},
      rawBody: Buffer.from('{}'),
      receivedAt: now,
      attempts: 0,
      lastError: null,
      leaseUntil: null,
      nextAttemptAt: now,
      processedAt: null,
      failedAt: null,
      failureReason: null,
      result: null,
      replayCount: 0,
    };
    await repo.findById('org', 'trg', 'warm');
    const outcome = await withLostAnswers(() => repo.insertAccepted(record, new Date(0)));
    expect(outcome).toBeInstanceOf(WriteOutcomeUnknownError);
    await reconnected();
  });

  it('a rows write reports it unknown, not as inserted rows', async () => {
    const repo = createRowsRepo(db);
    const at = new Date();
    const row = (id: string) => ({
      id,
      orgId: 'org',
      tableId: 'tbl',
      cells: { c: id },
      matchTokens: [id],
      rev: 'r1',
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
    });
    await repo.findById('org', 'tbl', 'warm');
    const outcome = await withLostAnswers(() => repo.write('org', 'tbl', [{ kind: 'insert', row: row(randomUUID()) as never }]));
    expect(outcome).toBeInstanceOf(WriteOutcomeUnknownError);
    await reconnected();
  });
});
