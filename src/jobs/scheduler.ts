import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';

export interface Scheduler {
  agenda: Agenda;
  start(): Promise<void>;
  stop(): Promise<void>;
  isRunning(): boolean;
}

const JOBS_COLLECTION = 'jobs';
const STOP_WAIT_MS = 5_000;

/**
 * The database as Agenda sees it, with its calls on the jobs collection counted while in
 * flight and, once `stopping`, the jobs its lock queries (findOneAndUpdate setting
 * `lockedAt`) lock remembered. Agenda's own "filling" flag cannot say when locking is
 * over (whichever of two overlapping polls ends first clears it), and a job about to run
 * first saves its state, before Agenda reports it started.
 */
function watchingLocks(db: Db) {
  let inFlight = 0;
  let stopping = false;
  const lockedAfterStop = new Set<unknown>();
  const isLock = (update: unknown) => (update as { $set?: { lockedAt?: unknown } } | undefined)?.$set?.lockedAt instanceof Date;
  const counted = async <T>(call: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    try {
      return await call();
    } finally {
      inFlight -= 1;
    }
  };
  const jobs = new Proxy(db.collection(JOBS_COLLECTION), {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...a: unknown[]) => unknown;
      // Cursors (find, aggregate) are returned as they are; every promise is counted.
      return (...args: unknown[]) => {
        const result = method.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return counted(async () => {
          const out = (await result) as { _id?: unknown } | null;
          if (stopping && prop === 'findOneAndUpdate' && out?._id !== undefined && isLock(args[1])) lockedAfterStop.add(out._id);
          return out;
        });
      };
    },
  });
  const watched = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'collection') return Reflect.get(target, prop, receiver);
      return (name: string, options?: object) => (name === JOBS_COLLECTION ? jobs : target.collection(name, options));
    },
  });
  return {
    db: watched,
    stopping: () => void (stopping = true),
    inFlight: () => inFlight,
    lockedAfterStop: () => [...lockedAfterStop],
  };
}

/**
 * Agenda on the gateway's own database: every process polls the same `jobs`
 * collection and Agenda's lock (a findOneAndUpdate on lockedAt) makes one of them run
 * each job. Job definitions are registered by the modules that own them before start().
 */
export function createScheduler(opts: { db: Db; logger: Logger; name: string; processEveryMs?: number }): Scheduler {
  const locks = watchingLocks(opts.db);
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: locks.db, collection: JOBS_COLLECTION }),
    name: opts.name,
    processEvery: opts.processEveryMs ?? 1_000,
    defaultLockLifetime: 5 * 60_000,
  });
  agenda.on('error', (err: Error) => opts.logger.error({ err }, 'scheduler error'));
  // Jobs running here (from just after the save that begins each run): stop() leaves them
  // locked until they complete, which saves their state.
  let runningJobs = 0;
  agenda.on('start', () => void (runningJobs += 1));
  agenda.on('complete', () => void (runningJobs -= 1));
  let running = false;
  return {
    agenda,
    async start() {
      await agenda.start();
      running = true;
    },
    async stop() {
      if (!running) return;
      running = false;
      locks.stopping();
      // stop() unlocks the jobs this process holds so another process can take them at once.
      await agenda.stop();
      // A poll in flight when stop() began goes on locking due jobs after it; they never
      // run here and nobody releases them, so they would wait out their lock lifetime (10
      // minutes for sequence dispatch). Let it end (bounded), then release those, as
      // Agenda's own unlock does. Jobs already running keep their locks until they complete
      // and save their state: wait for them too (bounded), or the store may be closed under
      // them, their state never saved and their locks held for their whole lifetime.
      const deadline = Date.now() + STOP_WAIT_MS;
      while ((locks.inFlight() > 0 || runningJobs > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const stuck = locks.lockedAfterStop();
      if (stuck.length > 0) {
        await opts.db.collection(JOBS_COLLECTION).updateMany({ _id: { $in: stuck as never[] }, nextRunAt: { $ne: null } }, { $unset: { lockedAt: true } });
      }
    },
    isRunning: () => running,
  };
}
