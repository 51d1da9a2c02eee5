import type { Agenda } from 'agenda';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { manualClock } from '../domain/shared/clock.ts';
import { RetryableFailure, type ProcessOutcome, type TriggerProcessor } from '../triggers/processor.ts';
import type { TriggerEventStore } from '../triggers/stores.ts';
import { defineTriggerEventJobs, PROCESS_TRIGGER_EVENT_JOB } from './trigger-events.ts';

// The processing job's lanes: an event that settles hands its waiters to the same lane,
// and a woken event that fails gets a job of its own, due when its retry is.

type Handler = (job: { attrs: { data: unknown } }) => Promise<void>;

function harness(outcomes: Record<string, () => Promise<ProcessOutcome>>) {
  const clock = manualClock(new Date('2026-03-01T00:00:00Z'));
  const handlers = new Map<string, Handler>();
  const scheduled: { at: Date; data: unknown }[] = [];
  const queued: unknown[] = [];
  const agenda = {
    define: (name: string, fn: Handler) => void handlers.set(name, fn),
    now: async (name: string, data: unknown) => {
      if (name === PROCESS_TRIGGER_EVENT_JOB) queued.push(data);
    },
    every: async () => undefined,
    schedule: async (at: Date, name: string, data: unknown) => {
      if (name === PROCESS_TRIGGER_EVENT_JOB) scheduled.push({ at, data });
    },
  } as unknown as Agenda;
  const ran: string[] = [];
  const processor = {
    maxAttempts: 3,
    processEvent: async (id: string) => {
      ran.push(id);
      return (outcomes[id] ?? (async () => ({ next: [] })))();
    },
  } as TriggerProcessor;
  defineTriggerEventJobs({
    agenda,
    processor,
    triggerEvents: {} as TriggerEventStore,
    clock,
    logger: pino({ level: 'silent' }),
    retryDelaysMs: [1000],
    recoveryGraceMs: 60_000,
  });
  const run = (eventIds: string[]) => handlers.get(PROCESS_TRIGGER_EVENT_JOB)!({ attrs: { data: { eventIds } } });
  return { run, ran, scheduled, queued, clock };
}

describe('trigger event processing lanes', () => {
  it('runs the events an event woke, in the same lane, in order', async () => {
    const h = harness({ e1: async () => ({ next: ['e2'] }), e2: async () => ({ next: ['e3'] }) });
    await h.run(['e1']);
    expect(h.ran).toEqual(['e1', 'e2', 'e3']);
    expect(h.scheduled).toEqual([]);
  });

  it('hands a long run of one target to a job of its own', async () => {
    const outcomes = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`e${i}`, async () => ({ next: [`e${i + 1}`] })]));
    const h = harness(outcomes);
    await h.run(['e0']);
    expect(h.ran).toEqual(Array.from({ length: 64 }, (_, i) => `e${i}`));
    await vi.waitFor(() => expect(h.queued).toEqual([{ eventIds: ['e64'] }]), { timeout: 5_000 });
  });

  it('gives a woken event that fails a job of its own at its retry delay, and stops that chain', async () => {
    const h = harness({ e1: async () => ({ next: ['e2'] }), e2: async () => Promise.reject(new RetryableFailure('store timed out', 5_000)) });
    await h.run(['e1']);
    expect(h.ran).toEqual(['e1', 'e2']);
    expect(h.scheduled).toEqual([{ at: new Date(h.clock.now().getTime() + 5_000), data: { eventIds: ['e2'] } }]);
  });

  it("leaves the job's own failing event to the job's backoff", async () => {
    const h = harness({ e1: async () => Promise.reject(new RetryableFailure('store timed out', 5_000)) });
    await expect(h.run(['e1', 'e9'])).rejects.toThrow('store timed out');
    expect(h.ran).toEqual(['e1', 'e9']);
    expect(h.scheduled).toEqual([]);
  });
});
