import type { Logger } from 'pino';
import type { Outbox } from '../../events/outbox.ts';
import type { Clock } from '../shared/clock.ts';
import type { SenderRecord } from '../senders/sender-model.ts';
import type { SequenceRecord, SequenceStore, StepRecord } from './sequence-model.ts';
import { mutateSequence } from './sequence-mutations.ts';
import { messageSentData, recipientFor } from './sequence-serializers.ts';
import { ProviderError, type MessageProvider, type OutgoingMessage, type SendResult } from './providers/provider.ts';

export interface DispatcherDeps {
  store: SequenceStore;
  findSender(orgId: string, id: string): Promise<SenderRecord | null>;
  providers: { smtp: MessageProvider; http: MessageProvider };
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  /** Seconds before each retry of a failed send; its length is the number of retries. */
  retryScheduleSeconds: number[];
  leaseMs: number;
  concurrency: number;
  batchSize?: number;
}

const pendingStep = (seq: SequenceRecord) => seq.steps.find((s) => s.status === 'scheduled' || s.status === 'draft' || s.status === 'sending');

/** Email threading: a follow-up answers the last email this sequence sent. */
function buildMessage(seq: SequenceRecord, step: StepRecord): OutgoingMessage {
  const earlier = seq.steps.filter((s) => s.index < step.index && s.status === 'sent' && s.channel === step.channel);
  const references = earlier.map((s) => s.rfcMessageId).filter((v): v is string => !!v);
  return {
    id: step.id, sequenceId: seq.id, channel: step.channel, kind: step.kind, to: recipientFor(seq, step.channel) as string,
    subject: step.subject, body: step.body, rfcMessageId: step.rfcMessageId,
    inReplyTo: references.at(-1) ?? null, references, threadId: earlier.at(-1)?.threadId ?? null,
  };
}

export function createSequenceDispatcher(deps: DispatcherDeps) {
  const { store } = deps;
  let running: Promise<void> | null = null;
  let again = false;

  function failSet(seq: SequenceRecord, step: StepRecord, reason: string, now: Date): Record<string, unknown> {
    const set: Record<string, unknown> = {
      [`steps.${step.index}.status`]: 'failed', [`steps.${step.index}.failureReason`]: reason, [`steps.${step.index}.leaseUntil`]: null,
      status: seq.status === 'stopped' ? 'stopped' : 'failed', stopReason: seq.stopReason ?? 'send_failed', nextDueAt: null, updatedAt: now,
    };
    for (const s of seq.steps) if (s.index > step.index && (s.status === 'scheduled' || s.status === 'draft')) set[`steps.${s.index}.status`] = 'cancelled';
    return set;
  }

  async function recordSent(seq: SequenceRecord, step: StepRecord, sender: SenderRecord, result: SendResult, first?: SequenceRecord) {
    const now = deps.clock.now();
    await mutateSequence(store, seq.orgId, seq.id, (cur) => {
      const s = cur.steps[step.index];
      if (s.status === 'sent') return { noChange: false };
      const rootThread = cur.steps.find((x) => x.channel === s.channel && x.status === 'sent')?.threadId;
      const sent: StepRecord = {
        ...s, status: 'sent', sentAt: now, leaseUntil: null, failureReason: null, providerId: result.providerId,
        rfcMessageId: s.channel === 'email' ? (result.rfcMessageId ?? s.rfcMessageId) : null,
        threadId: result.threadId ?? rootThread ?? (s.channel === 'email' ? s.rfcMessageId : null),
      };
      const set: Record<string, unknown> = { [`steps.${s.index}`]: sent, updatedAt: now };
      const next = cur.steps[s.index + 1];
      if (next && next.status === 'scheduled') {
        const due = new Date(now.getTime() + next.delaySeconds * 1000);
        Object.assign(set, { [`steps.${next.index}.scheduledAt`]: due, nextDueAt: due });
      } else if (!next && (cur.status === 'active' || cur.status === 'paused')) {
        set.status = 'completed';
      }
      const after = { ...cur, steps: cur.steps.map((x) => (x.index === s.index ? sent : x)) };
      const event = deps.outbox.stage({
        type: s.kind === 'connect_request' ? 'sequence.connection.requested' : 'sequence.message.sent',
        orgId: cur.orgId, orderingKey: `sequence:${cur.id}`, data: messageSentData(after, sent, sender), occurredAt: now,
      });
      return { set, events: [event], result: true };
    }, first);
  }

  async function recordFailure(seq: SequenceRecord, step: StepRecord, err: ProviderError) {
    const now = deps.clock.now();
    await mutateSequence(store, seq.orgId, seq.id, (cur) => {
      const s = cur.steps[step.index];
      if (s.status !== 'sending') return { noChange: false };
      const delay = deps.retryScheduleSeconds[s.attempts - 1];
      if (err.permanent || delay === undefined) return { set: failSet(cur, s, err.reason, now), result: true };
      const due = new Date(now.getTime() + delay * 1000);
      const set: Record<string, unknown> = {
        [`steps.${s.index}.status`]: 'scheduled', [`steps.${s.index}.leaseUntil`]: null, [`steps.${s.index}.failureReason`]: err.reason,
        nextDueAt: due, updatedAt: now,
      };
      return { set, result: true };
    });
  }

  /** Claims the sequence's due step, sends it once, records the outcome. */
  async function processOne(seq: SequenceRecord): Promise<void> {
    const now = deps.clock.now();
    const step = pendingStep(seq);
    if (!step || step.status !== 'scheduled') {
      await store.compareAndSet(seq.orgId, seq.id, seq.version, { nextDueAt: null });
      return;
    }
    const claimed = await store.compareAndSet(seq.orgId, seq.id, seq.version, {
      [`steps.${step.index}.status`]: 'sending', [`steps.${step.index}.leaseUntil`]: new Date(now.getTime() + deps.leaseMs),
      [`steps.${step.index}.attempts`]: step.attempts + 1, nextDueAt: null, updatedAt: now,
    });
    if (!claimed) return;
    const mine: SequenceRecord = { ...seq, version: seq.version + 1, nextDueAt: null, steps: seq.steps.map((s) => (s.index === step.index ? { ...s, status: 'sending', attempts: s.attempts + 1 } : s)) };
    const claimedStep = mine.steps[step.index];
    const senderId = seq.senders[step.channel];
    const sender = senderId ? await deps.findSender(seq.orgId, senderId) : null;
    if (!sender) return recordFailure(mine, claimedStep, new ProviderError(true, `no ${step.channel} sender (removed?)`));
    let result: SendResult;
    try {
      result = await deps.providers[sender.transport].send(sender, buildMessage(mine, claimedStep));
    } catch (err) {
      const failure = err instanceof ProviderError ? err : new ProviderError(false, 'unexpected send error');
      if (!(err instanceof ProviderError)) deps.logger.error({ err, sequenceId: seq.id }, 'send failed unexpectedly');
      return recordFailure(mine, claimedStep, failure);
    }
    await recordSent(mine, claimedStep, sender, result, mine);
  }

  /**
   * A step left `sending` past its lease means a process died between the provider call
   * and the record. For email we cannot know whether the server took it, and a second
   * copy is worse than none: the step fails as `delivery_unknown` (at most once). HTTP
   * providers get the same message id again and drop a repeat, so those are resent.
   */
  async function recoverExpiredLeases(): Promise<number> {
    const now = deps.clock.now();
    const stuck = await store.findExpiredLeases(now, 200);
    for (const seq of stuck) {
      const step = seq.steps.find((s) => s.status === 'sending' && s.leaseUntil && s.leaseUntil < now);
      if (!step) continue;
      const senderId = seq.senders[step.channel];
      const sender = senderId ? await deps.findSender(seq.orgId, senderId) : null;
      const resend = sender?.transport === 'http';
      await mutateSequence(store, seq.orgId, seq.id, (cur) => {
        const s = cur.steps[step.index];
        if (s.status !== 'sending' || !s.leaseUntil || s.leaseUntil >= now) return { noChange: false };
        if (resend) return { set: { [`steps.${s.index}.status`]: 'scheduled', [`steps.${s.index}.leaseUntil`]: null, nextDueAt: now, updatedAt: now }, result: true };
        return { set: failSet(cur, s, 'delivery_unknown: the gateway stopped while sending; not retried so the email is never sent twice', now), result: true };
      }, seq);
    }
    return stuck.length;
  }

  async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
    let i = 0;
    const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) {
        const item = items[i++];
        try {
          await fn(item);
        } catch (err) {
          deps.logger.error({ err }, 'sequence dispatch failed');
        }
      }
    });
    await Promise.all(workers);
  }

  /** Sends everything due now; steps that become due meanwhile (zero delays) are picked up too. */
  async function runDue(): Promise<number> {
    await recoverExpiredLeases();
    let handled = 0;
    for (;;) {
      const due = await store.findDue(deps.clock.now(), deps.batchSize ?? 200);
      if (due.length === 0) return handled;
      await pool(due, deps.concurrency, processOne);
      handled += due.length;
    }
  }

  return {
    runDue,
    recoverExpiredLeases,
    /** Starts a dispatch pass in this process now (launch, resume); passes never overlap. */
    kick(): Promise<void> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await runDue().catch((err) => deps.logger.error({ err }, 'sequence dispatch pass failed'));
        } while (again);
      })().finally(() => {
        running = null;
      });
      return running;
    },
    async idle() {
      await running;
    },
    async close() {
      await running;
      await deps.providers.smtp.close();
      await deps.providers.http.close();
    },
  };
}

export type SequenceDispatcher = ReturnType<typeof createSequenceDispatcher>;
