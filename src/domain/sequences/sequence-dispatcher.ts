import type { Logger } from 'pino';
import type { Outbox } from '../../events/outbox.ts';
import type { Clock } from '../shared/clock.ts';
import type { SenderRecord } from '../senders/sender-model.ts';
import type { ConditionalWrite, SequenceRecord, SequenceStore, StepRecord } from './sequence-model.ts';
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
  /** How long a sender record is reused between sends (a removed sender stops within this). */
  senderCacheMs?: number;
}

interface Claimed {
  seq: SequenceRecord;
  step: StepRecord;
}

type Outcome = Claimed & ({ ok: true; sender: SenderRecord; result: SendResult } | { ok: false; error: ProviderError });

const pendingStep = (seq: SequenceRecord) => seq.steps.find((s) => s.status === 'scheduled' || s.status === 'draft' || s.status === 'sending');

/** Email threading: a follow-up answers the last message this sequence sent on the channel. */
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
  let stopping = false;
  const senderCache = new Map<string, { at: number; sender: SenderRecord | null }>();

  async function senderFor(seq: SequenceRecord, step: StepRecord): Promise<SenderRecord | null> {
    const id = seq.senders[step.channel];
    if (!id) return null;
    const key = `${seq.orgId}:${id}`;
    const hit = senderCache.get(key);
    if (hit && Date.now() - hit.at < (deps.senderCacheMs ?? 5_000)) return hit.sender;
    const sender = await deps.findSender(seq.orgId, id);
    senderCache.set(key, { at: Date.now(), sender });
    return sender;
  }

  function failSet(seq: SequenceRecord, step: StepRecord, reason: string, now: Date): Record<string, unknown> {
    const set: Record<string, unknown> = {
      [`steps.${step.index}.status`]: 'failed', [`steps.${step.index}.failureReason`]: reason, [`steps.${step.index}.leaseUntil`]: null,
      status: seq.status === 'stopped' ? 'stopped' : 'failed', stopReason: seq.stopReason ?? 'send_failed', nextDueAt: null, updatedAt: now,
    };
    for (const s of seq.steps) if (s.index > step.index && (s.status === 'scheduled' || s.status === 'draft')) set[`steps.${s.index}.status`] = 'cancelled';
    return set;
  }

  /** The one write that makes a step sent: its ids, the next step's schedule and the event. */
  function sentWrite(cur: SequenceRecord, index: number, sender: SenderRecord, result: SendResult, now: Date) {
    const s = cur.steps[index];
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
    return { set, events: [event] };
  }

  /** The fallback when the batched record lost a race (a stop or pause meanwhile): re-read and apply. */
  async function recordSent(o: Claimed & { sender: SenderRecord; result: SendResult }) {
    const now = deps.clock.now();
    await mutateSequence(store, o.seq.orgId, o.seq.id, (cur) => {
      if (cur.steps[o.step.index].status === 'sent') return { noChange: false };
      return { ...sentWrite(cur, o.step.index, o.sender, o.result, now), result: true };
    });
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

  /** Claims each due sequence's next step (one round trip for the batch): status `sending` with a lease. */
  async function claim(due: SequenceRecord[]): Promise<Claimed[]> {
    const now = deps.clock.now();
    const candidates: (Claimed & { write: ConditionalWrite })[] = [];
    for (const seq of due) {
      const step = pendingStep(seq);
      if (!step || step.status !== 'scheduled') {
        await store.compareAndSet(seq.orgId, seq.id, seq.version, { nextDueAt: null });
        continue;
      }
      const set = {
        [`steps.${step.index}.status`]: 'sending', [`steps.${step.index}.leaseUntil`]: new Date(now.getTime() + deps.leaseMs),
        [`steps.${step.index}.attempts`]: step.attempts + 1, nextDueAt: null, updatedAt: now,
      };
      candidates.push({ seq, step, write: { orgId: seq.orgId, id: seq.id, version: seq.version, set } });
    }
    const won = await store.compareAndSetMany(candidates.map((c) => c.write));
    return candidates
      .filter((c) => won.has(c.seq.id))
      .map(({ seq, step }) => {
        const claimedStep: StepRecord = { ...step, status: 'sending', attempts: step.attempts + 1 };
        return { seq: { ...seq, version: seq.version + 1, nextDueAt: null, steps: seq.steps.map((s) => (s.index === step.index ? claimedStep : s)) }, step: claimedStep };
      });
  }

  async function send(c: Claimed): Promise<Outcome> {
    const sender = await senderFor(c.seq, c.step);
    if (!sender) return { ...c, ok: false, error: new ProviderError(true, `no ${c.step.channel} sender (removed?)`) };
    try {
      return { ...c, ok: true, sender, result: await deps.providers[sender.transport].send(sender, buildMessage(c.seq, c.step)) };
    } catch (err) {
      if (!(err instanceof ProviderError)) deps.logger.error({ err, sequenceId: c.seq.id }, 'send failed unexpectedly');
      return { ...c, ok: false, error: err instanceof ProviderError ? err : new ProviderError(false, 'unexpected send error') };
    }
  }

  /** Records every accepted message of a batch in one round trip; lost races and failures one by one. */
  async function record(outcomes: Outcome[]): Promise<void> {
    const now = deps.clock.now();
    const sent = outcomes.filter((o): o is Outcome & { ok: true } => o.ok);
    const writes = sent.map((o) => ({ orgId: o.seq.orgId, id: o.seq.id, version: o.seq.version, ...sentWrite(o.seq, o.step.index, o.sender, o.result, now) }));
    const applied = await store.compareAndSetMany(writes);
    for (const o of sent) if (!applied.has(o.seq.id)) await recordSent(o);
    for (const o of outcomes) if (!o.ok) await recordFailure(o.seq, o.step, o.error);
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
      const resend = (await senderFor(seq, step))?.transport === 'http';
      await mutateSequence(store, seq.orgId, seq.id, (cur) => {
        const s = cur.steps[step.index];
        if (s.status !== 'sending' || !s.leaseUntil || s.leaseUntil >= now) return { noChange: false };
        if (resend) return { set: { [`steps.${s.index}.status`]: 'scheduled', [`steps.${s.index}.leaseUntil`]: null, nextDueAt: now, updatedAt: now }, result: true };
        return { set: failSet(cur, s, 'delivery_unknown: the gateway stopped while sending; not retried so the email is never sent twice', now), result: true };
      }, seq);
    }
    return stuck.length;
  }

  async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let i = 0;
    const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) {
        const at = i++;
        out[at] = await fn(items[at]);
      }
    });
    await Promise.all(workers);
    return out;
  }

  /**
   * Sends everything due now; steps that become due meanwhile (zero delays) are picked up
   * too. The next batch is found and claimed while the previous one is still sending
   * (claimed sequences have no `nextDueAt`, so it never contains them), so the sender
   * connections do not sit idle between batches; at most two batches are in flight, and
   * each is recorded as soon as its sends are done.
   */
  async function runDue(): Promise<number> {
    await recoverExpiredLeases();
    let handled = 0;
    const inFlight: Promise<void>[] = [];
    const sendAndRecord = (claimed: Claimed[]) =>
      pool(claimed, deps.concurrency, send)
        .then(record)
        .catch((err) => deps.logger.error({ err }, 'recording a sent batch failed'));
    while (!stopping) {
      const due = await store.findDue(deps.clock.now(), deps.batchSize ?? 500);
      if (due.length === 0) {
        if (inFlight.length === 0) break;
        await Promise.all(inFlight.splice(0));
        continue;
      }
      inFlight.push(sendAndRecord(await claim(due)));
      if (inFlight.length >= 2) await inFlight.shift();
      handled += due.length;
    }
    await Promise.all(inFlight);
    return handled;
  }

  return {
    runDue,
    recoverExpiredLeases,
    /** Starts a dispatch pass in this process now (launch, resume); passes never overlap. */
    kick(): Promise<void> {
      if (stopping) return Promise.resolve();
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
    /** Graceful stop: the batch in flight is sent and recorded, no new batch starts. */
    async close() {
      stopping = true;
      await running;
      await deps.providers.smtp.close();
      await deps.providers.http.close();
    },
  };
}

export type SequenceDispatcher = ReturnType<typeof createSequenceDispatcher>;
