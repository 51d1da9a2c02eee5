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

/**
 * Agenda on the gateway's own database: every process polls the same `jobs`
 * collection and Agenda's lock (a findOneAndUpdate on lockedAt) makes one of them run
 * each job. Job definitions are registered by the modules that own them before start().
 */
export function createScheduler(opts: { db: Db; logger: Logger; name: string; processEveryMs?: number }): Scheduler {
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: opts.db, collection: 'jobs' }),
    name: opts.name,
    processEvery: opts.processEveryMs ?? 1_000,
    defaultLockLifetime: 5 * 60_000,
  });
  agenda.on('error', (err: Error) => opts.logger.error({ err }, 'scheduler error'));
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
      // stop() unlocks the jobs this process holds so another process can take them at once.
      await agenda.stop();
    },
    isRunning: () => running,
  };
}
