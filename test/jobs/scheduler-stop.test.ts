import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Collection, Db } from 'mongodb';
import { connectStore, type StoreConnection } from '../../src/storage/connection.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

let store: StoreConnection;
beforeAll(async () => {
  store = await connectStore({ uri: testMongoUri(), dbName: uniqueDbName('sched'), timeoutMs: 10_000 });
});
afterAll(async () => {
  await store.close();
});

/** The real database, with one method of the `jobs` collection slowed down where `when` holds its arguments. */
function withSlowJobs(db: Db, method: 'findOneAndUpdate' | 'updateOne', delayMs: number, when: (args: unknown[]) => boolean = () => true): Db {
  const slowJobs = (coll: Collection) =>
    new Proxy(coll, {
      get(target, prop, receiver) {
        if (prop !== method) return Reflect.get(target, prop, receiver);
        return async (...args: unknown[]) => {
          if (when(args)) await new Promise((r) => setTimeout(r, delayMs));
          return (target[method] as (...a: unknown[]) => unknown)(...args);
        };
      },
    });
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'collection') return Reflect.get(target, prop, receiver);
      return (name: string) => (name === 'jobs' ? slowJobs(target.collection(name)) : target.collection(name));
    },
  });
}

/** A scheduler on `db` with one job, `handler`, queued to run now; started. */
async function startWithOneJob(db: Db, name: string, handler: () => Promise<void>) {
  const scheduler = createScheduler({ db, logger: pino({ level: 'silent' }), name, processEveryMs: 50 });
  scheduler.agenda.define(name, handler, { lockLifetime: 10 * 60_000 });
  await scheduler.agenda.ready;
  await scheduler.agenda.now(name, {});
  await scheduler.start();
  return scheduler;
}

describe('scheduler stop', () => {
  it('releases a job that a poll in flight when stop() began locked after it', async () => {
    const name = `stopper-${Date.now()}`;
    const scheduler = createScheduler({ db: withSlowJobs(store.db, 'findOneAndUpdate', 150), logger: pino({ level: 'silent' }), name, processEveryMs: 50 });
    let started!: () => void;
    const firstRun = new Promise<void>((r) => (started = r));
    // A long lock lifetime, as sequence dispatch has: a lock left behind would keep the
    // job from every other process for that long.
    scheduler.agenda.define('slow', async () => void started(), { concurrency: 1, lockLifetime: 10 * 60_000 });
    await scheduler.agenda.ready;
    for (let i = 0; i < 5; i++) await scheduler.agenda.now('slow', { i });
    await scheduler.start();
    // The first job runs as soon as it is locked; Agenda is then locking the next one,
    // which takes 150 ms here, so stop() begins while that lock query is in flight.
    await firstRun;
    await scheduler.stop();
    const jobs = store.db.collection('jobs');
    // Checked after a pause too: a lock that lands later would be just as stuck.
    expect(await jobs.countDocuments({ name: 'slow', lockedAt: { $ne: null } })).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(await jobs.countDocuments({ name: 'slow', lockedAt: { $ne: null } })).toBe(0);
    // Nothing was left for the lock lifetime: another process takes the rest at once.
    const other = createScheduler({ db: store.db, logger: pino({ level: 'silent' }), name: `${name}-b`, processEveryMs: 50 });
    let ran = 0;
    other.agenda.define('slow', async () => void (ran += 1), { concurrency: 1, lockLifetime: 10 * 60_000 });
    await other.start();
    const deadline = Date.now() + 10_000;
    while ((await jobs.countDocuments({ name: 'slow', lastRunAt: null })) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await other.stop();
    expect(await jobs.countDocuments({ name: 'slow', lastRunAt: null })).toBe(0);
    expect(ran).toBeGreaterThan(0);
  });

  it('waits for a job running when stop() began, so its state is saved and its lock released', async () => {
    const name = `drainer-${Date.now()}`;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let finished = false;
    const scheduler = await startWithOneJob(store.db, name, async () => {
      started();
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    });
    await running;
    await scheduler.stop();
    expect(finished).toBe(true);
    const job = await store.db.collection('jobs').findOne({ name });
    expect(job?.lockedAt ?? null).toBeNull();
    expect(job?.lastFinishedAt).toBeInstanceOf(Date);
  });

  it('waits for a job caught saving the start of its run when stop() began', async () => {
    const name = `saver-${Date.now()}`;
    // Agenda saves a job's state (lastRunAt, still locked) before it reports the run
    // started; that save is slowed here so stop() begins in the middle of it.
    let saving!: () => void;
    const saveBegan = new Promise<void>((r) => (saving = r));
    const isRunStart = (args: unknown[]) => {
      const set = (args[1] as { $set?: { lockedAt?: unknown; lastRunAt?: unknown } }).$set;
      const match = set?.lockedAt instanceof Date && set.lastRunAt instanceof Date;
      if (match) saving();
      return match;
    };
    let finished = false;
    const scheduler = await startWithOneJob(withSlowJobs(store.db, 'updateOne', 300, isRunStart), name, async () => void (finished = true));
    await saveBegan;
    await scheduler.stop();
    expect(finished).toBe(true);
    const job = await store.db.collection('jobs').findOne({ name });
    expect(job?.lockedAt ?? null).toBeNull();
  });
});
