import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../domain/shared/clock.ts';
import { createIdGenerator } from '../../domain/shared/ids.ts';
import type { SequenceRecord, StepRecord } from '../../domain/sequences/sequence-model.ts';
import { testMongoUri, uniqueDbName } from '../../../test/support/mongo-uri.ts';
import { connectStore, type StoreConnection } from '../connection.ts';
import { createOutboxStore } from '../outbox/outbox-store.ts';
import { changeSet, createSequencesRepo } from './sequences-repo.ts';

let store: StoreConnection;
beforeAll(async () => {
  store = await connectStore({ uri: testMongoUri(), dbName: uniqueDbName('sequences_repo'), timeoutMs: 10_000 });
});
afterAll(() => store.close());

const step = (index: number): StepRecord => ({
  id: `st${index}`,
  index,
  channel: 'email',
  kind: 'message',
  subject: `s${index}`,
  body: `b${index}`,
  delaySeconds: 0,
  status: 'scheduled',
  scheduledAt: null,
  sentAt: null,
  rfcMessageId: null,
  providerId: null,
  threadId: null,
  attempts: 0,
  leaseUntil: null,
  handedOverAt: null,
  failureReason: null,
  acceptedAt: null,
});

function sequence(id: string): SequenceRecord {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id,
    orgId: 'o1',
    campaignId: 'c1',
    tableId: 't1',
    columnId: 'col1',
    rowId: 'r1',
    status: 'active',
    stopReason: null,
    stoppedAt: null,
    stoppedByReplyId: null,
    stopOnReply: true,
    recipient: { email: 'a@b.io', linkedinSlug: null, linkedinUrn: null, displayName: null },
    recipientKeys: ['a@b.io'],
    senders: { email: 'snd1', linkedin: null },
    steps: [step(0), step(1), step(2)],
    nextDueAt: at,
    repliedAt: null,
    version: 0,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
}

describe('sequences repository: step patches', () => {
  it('spells the update paths of a change from step indexes', () => {
    const due = new Date(0);
    expect(changeSet({ set: { nextDueAt: due }, steps: [{ index: 2, status: 'cancelled', failureReason: 'x' }] })).toEqual({
      nextDueAt: due,
      'steps.2.status': 'cancelled',
      'steps.2.failureReason': 'x',
    });
  });

  it('changes only the patched fields of the patched steps, in one conditional write', async () => {
    const outbox = createOutboxStore({ db: store.db, ids: createIdGenerator(), clock: systemClock, logger: pino({ level: 'silent' }) });
    const repo = createSequencesRepo(store.db, outbox);
    await repo.insertMany([sequence('q1')]);
    const now = new Date('2026-01-02T00:00:00Z');
    const change = {
      set: { status: 'failed' as const, updatedAt: now },
      steps: [
        { index: 1, status: 'failed' as const, failureReason: 'bounced' },
        { index: 2, status: 'cancelled' as const },
      ],
    };
    expect(await repo.compareAndSet('o1', 'q1', 0, change)).toBe(true);
    // The version moved: the same write again loses.
    expect(await repo.compareAndSet('o1', 'q1', 0, { set: { status: 'active' } })).toBe(false);
    const after = await repo.findById('o1', 'q1');
    expect(after).toMatchObject({ status: 'failed', updatedAt: now, version: 1 });
    expect(after?.steps).toEqual([step(0), { ...step(1), status: 'failed', failureReason: 'bounced' }, { ...step(2), status: 'cancelled' }]);
  });

  it('applies step patches in bulk and on every sequence of a campaign', async () => {
    const outbox = createOutboxStore({ db: store.db, ids: createIdGenerator(), clock: systemClock, logger: pino({ level: 'silent' }) });
    const repo = createSequencesRepo(store.db, outbox);
    await repo.insertMany([
      { ...sequence('q2'), campaignId: 'c2', status: 'draft' },
      { ...sequence('q3'), campaignId: 'c2', status: 'draft' },
    ]);
    const first = new Date('2026-01-03T00:00:00Z');
    const scheduled = await repo.updateCampaignSequences('o1', 'c2', 'draft', { set: { status: 'active' }, steps: [{ index: 0, scheduledAt: first }] });
    expect(scheduled).toBe(2);
    const applied = await repo.compareAndSetMany([
      { orgId: 'o1', id: 'q2', version: 1, set: {}, steps: [{ index: 0, status: 'sending', attempts: 1 }] },
      { orgId: 'o1', id: 'q3', version: 0, set: {}, steps: [{ index: 0, status: 'sending', attempts: 1 }] },
    ]);
    expect([...applied]).toEqual(['q2']);
    expect((await repo.findById('o1', 'q2'))?.steps[0]).toEqual({ ...step(0), scheduledAt: first, status: 'sending', attempts: 1 });
    expect((await repo.findById('o1', 'q3'))?.steps[0]).toEqual({ ...step(0), scheduledAt: first });
  });
});
