import { conflict, notFound } from '../domain/errors.ts';
import type { Clock } from '../domain/shared/clock.ts';
import { toTriggerEventView } from './serializers.ts';
import type { PageQuery, TriggerEventStore, TriggerStore } from './stores.ts';
import type { TriggerEventStatus } from './types.ts';

// The log of everything a trigger URL accepted (and every duplicate it turned away),
// and replay: an accepted request runs its action again from the stored bytes.

export function createTriggerEventLog(deps: { triggers: TriggerStore; triggerEvents: TriggerEventStore; clock: Clock; enqueue: (eventId: string) => void }) {
  async function ensureTrigger(orgId: string, triggerId: string): Promise<void> {
    if (!(await deps.triggers.findById(orgId, triggerId))) throw notFound('TRIGGER_NOT_FOUND', 'Trigger not found');
  }

  async function load(orgId: string, triggerId: string, eventId: string) {
    await ensureTrigger(orgId, triggerId);
    const event = await deps.triggerEvents.findById(orgId, triggerId, eventId);
    if (!event) throw notFound('TRIGGER_EVENT_NOT_FOUND', 'Trigger event not found');
    return event;
  }

  return {
    async list(orgId: string, triggerId: string, status: TriggerEventStatus | undefined, page: PageQuery) {
      await ensureTrigger(orgId, triggerId);
      const result = await deps.triggerEvents.list(orgId, triggerId, status, page);
      return { items: result.items.map(toTriggerEventView), nextCursor: result.nextCursor };
    },

    get: async (orgId: string, triggerId: string, eventId: string) => toTriggerEventView(await load(orgId, triggerId, eventId)),

    async replay(orgId: string, triggerId: string, eventId: string) {
      const event = await load(orgId, triggerId, eventId);
      const reset = await deps.triggerEvents.resetForReplay(orgId, triggerId, eventId, deps.clock.now());
      if (!reset) {
        const why = event.status === 'duplicate' ? 'is a duplicate; replay the original' : 'is still being processed';
        throw conflict('TRIGGER_EVENT_NOT_REPLAYABLE', `This event ${why}`, { status: event.status, duplicateOf: event.duplicateOf });
      }
      // A replay is acknowledged now: on its targets it runs after everything acknowledged before.
      if (reset.targetKey || reset.targetKeys?.length) await deps.triggerEvents.assignSeq(orgId, reset.id);
      deps.enqueue(reset.id);
      return toTriggerEventView(reset);
    },
  };
}

export type TriggerEventLog = ReturnType<typeof createTriggerEventLog>;
