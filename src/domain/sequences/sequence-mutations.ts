import type { StagedEvent } from '../../events/outbox.ts';
import type { SequenceChange, SequenceRecord, SequenceStore } from './sequence-model.ts';

export interface Mutation<R> extends SequenceChange {
  events?: StagedEvent[];
  result: R;
}

/**
 * Read-compute-write with optimistic concurrency: `compute` sees the current document and
 * returns the change (or a result with no change); a concurrent writer makes it run again
 * on the fresh document. Returns null when the sequence does not exist.
 */
export async function mutateSequence<R>(
  store: SequenceStore,
  orgId: string,
  id: string,
  compute: (seq: SequenceRecord) => Mutation<R> | { noChange: R },
  first?: SequenceRecord,
): Promise<{ result: R } | null> {
  let current: SequenceRecord | null = first ?? (await store.findById(orgId, id));
  for (let attempt = 0; attempt < 20 && current; attempt += 1) {
    const out = compute(current);
    if ('noChange' in out) return { result: out.noChange };
    if (await store.compareAndSet(orgId, id, current.version, { set: out.set, steps: out.steps }, out.events)) return { result: out.result };
    current = await store.findById(orgId, id);
  }
  if (!current) return null;
  throw new Error(`sequence ${id}: too many concurrent writers`);
}

export const isFinished = (seq: SequenceRecord) => ['completed', 'stopped', 'failed'].includes(seq.status);

/** The change that stops a sequence: pending steps cancelled, nothing due any more. A step in flight finishes. */
export function stopSet(seq: SequenceRecord, reason: string, now: Date, extra: SequenceChange['set'] = {}): Required<SequenceChange> {
  return {
    set: { status: 'stopped', stopReason: reason, stoppedAt: now, nextDueAt: null, updatedAt: now, ...extra },
    steps: seq.steps.filter((s) => s.status === 'draft' || s.status === 'scheduled').map((s) => ({ index: s.index, status: 'cancelled' })),
  };
}
