import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, type Db } from 'mongodb';
import { Agenda, constant } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

let client: MongoClient;
const dbs: Db[] = [];

beforeAll(async () => {
  client = new MongoClient(testMongoUri());
  await client.connect();
});

afterAll(async () => {
  for (const db of dbs) await db.dropDatabase();
  await client.close();
});

function freshDb(): Db {
  const db = client.db(uniqueDbName('agenda'));
  dbs.push(db);
  return db;
}

function makeAgenda(db: Db, name = 'worker'): Agenda {
  return new Agenda({
    backend: new MongoBackend({ mongo: db, collection: 'jobs' }),
    name,
    processEvery: 100,
    defaultLockLifetime: 10_000,
  });
}

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Agenda 6 with @agendajs/mongo-backend on the embedded server', () => {
  it('runs now, scheduled and repeating jobs', async () => {
    const db = freshDb();
    const agenda = makeAgenda(db);
    const runs: Record<string, number> = { now: 0, later: 0, tick: 0 };
    agenda.define('now-job', async () => void runs.now++);
    agenda.define('later-job', async () => void runs.later++);
    agenda.define('tick', async () => void runs.tick++);
    await agenda.start();
    try {
      await agenda.now('now-job', { a: 1 });
      await agenda.schedule(new Date(Date.now() + 300), 'later-job');
      await agenda.every(200, 'tick');
      await waitFor(() => runs.now === 1 && runs.later === 1 && runs.tick >= 2);
      const stored = await db.collection('jobs').find({ name: 'tick' }).toArray();
      expect(stored).toHaveLength(1);
      expect(stored[0].repeatInterval).toBeDefined();
      expect(stored[0].nextRunAt).toBeInstanceOf(Date);
    } finally {
      await agenda.stop();
    }
  });

  it('retries a failing job with backoff until exhausted', async () => {
    const db = freshDb();
    const agenda = makeAgenda(db);
    let attempts = 0;
    let exhausted = false;
    agenda.define(
      'flaky',
      async () => {
        attempts++;
        throw new Error(`boom ${attempts}`);
      },
      { backoff: constant({ delay: 50, maxRetries: 2 }) },
    );
    agenda.on('retry exhausted:flaky', () => (exhausted = true));
    await agenda.start();
    try {
      await agenda.now('flaky');
      await waitFor(() => exhausted);
      expect(attempts).toBe(3);
      const job = await db.collection('jobs').findOne({ name: 'flaky' });
      expect(job?.failCount).toBe(3);
      expect(job?.failReason).toBe('boom 3');
    } finally {
      await agenda.stop();
    }
  });

  it('never runs a job twice across two Agenda instances on one database', async () => {
    const db = freshDb();
    const seeder = makeAgenda(db, 'seeder');
    await seeder.ready;
    const runsById = new Map<string, number>();
    const workers = [makeAgenda(db, 'a'), makeAgenda(db, 'b')];
    for (const w of workers) {
      w.define(
        'once',
        async (job) => {
          const id = String(job.attrs._id);
          runsById.set(id, (runsById.get(id) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 5));
        },
        { concurrency: 5 },
      );
    }
    for (let i = 0; i < 50; i++) await seeder.now('once', { i });
    await Promise.all(workers.map((w) => w.start()));
    try {
      await waitFor(() => runsById.size === 50, 10_000);
      await new Promise((r) => setTimeout(r, 300));
      const total = [...runsById.values()].reduce((a, b) => a + b, 0);
      expect(total).toBe(50);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await seeder.stop();
    }
  });
});
