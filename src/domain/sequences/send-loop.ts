import type { Logger } from 'pino';
import type { Outbox } from '../../events/outbox.ts';
import type { Clock } from '../shared/clock.ts';
import type { SenderRecord } from '../senders/sender-model.ts';
import type { ConditionalWrite, SequenceChange, SequenceRecord, SequenceStore, StepPatch, StepRecord } from './sequence-model.ts';
import { mutateSequence } from './sequence-mutations.ts';
import { createBatcher } from '../shared/batcher.ts';
import { messageSentData, recipientFor } from './sequence-serializers.ts';
import { runSendWorkers } from './send-workers.ts';
import { HandoverRefused, ProviderError, type MessageProvider, type OutgoingMessage, type SendResult } from './providers/provider.ts';

export interface SendLoopDeps {
  store: SequenceStore;
  findSender(orgId: string, id: string): Promise<SenderRecord | null>;
  providers: { smtp: MessageProvider; http: MessageProvider; sink: MessageProvider };
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  /** Seconds before each retry of a failed send; its length is the number of retries. */
  retryScheduleSeconds: number[];
  leaseMs: number;
  /** Sends at once; also the most steps a process holds claimed. */
  concurrency: number;
  /** How long a sender record is reused between sends (a removed sender stops within this). */
  senderCacheMs?: number;
}

interface Claimed {
  seq: SequenceRecord;
  step: StepRecord;
}

type Sent = Claimed & { ok: true; sender: SenderRecord; result: SendResult };
type Outcome = Sent | (Claimed & { ok: false; error: ProviderError });

const pendingStep = (seq: SequenceRecord) => seq.steps.find((s) => s.status === 'scheduled' || s.status === 'draft' || s.status === 'sending');

/** Email threading: a follow-up answers the last message this sequence sent on the channel. */
function buildMessage(seq: SequenceRecord, step: StepRecord): OutgoingMessage {
  const earlier = seq.steps.filter((s) => s.index < step.index && s.status === 'sent' && s.channel === step.channel);
  const references = earlier.map((s) => s.rfcMessageId).filter((v): v is string => !!v);
  return {
    id: step.id,
    sequenceId: seq.id,
    channel: step.channel,
    kind: step.kind,
    to: recipientFor(seq, step.channel) as string,
    subject: step.subject,
    body: step.body,
    rfcMessageId: step.rfcMessageId,
    inReplyTo: references.at(-1) ?? null,
    references,
    threadId: earlier.at(-1)?.threadId ?? null,
  };
}

/**
 * The send loop of sequences: claims due steps, sends them through their providers and
 * records each outcome. One pass at a time per process (`kick`); the recurring
 * `sequence-dispatch` job and campaign launches start passes.
 */
export function createSendLoop(deps: SendLoopDeps) {
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

  function failChange(seq: SequenceRecord, step: StepRecord, reason: string, now: Date): SequenceChange {
    const later = seq.steps.filter((s) => s.index > step.index && (s.status === 'scheduled' || s.status === 'draft'));
    return {
      set: { status: seq.status === 'stopped' ? 'stopped' : 'failed', stopReason: seq.stopReason ?? 'send_failed', nextDueAt: null, updatedAt: now },
      steps: [
        { index: step.index, status: 'failed', failureReason: reason, leaseUntil: null },
        ...later.map((s) => ({ index: s.index, status: 'cancelled' as const })),
      ],
    };
  }

  /** The one write that makes a step sent: its ids, the next step's schedule and the event. */
  function sentWrite(cur: SequenceRecord, index: number, sender: SenderRecord, result: SendResult, now: Date) {
    const s = cur.steps[index];
    const rootThread = cur.steps.find((x) => x.channel === s.channel && x.status === 'sent')?.threadId;
    const sent: StepRecord = {
      ...s,
      status: 'sent',
      sentAt: now,
      leaseUntil: null,
      failureReason: null,
      providerId: result.providerId,
      rfcMessageId: s.channel === 'email' ? (result.rfcMessageId ?? s.rfcMessageId) : null,
      threadId: result.threadId ?? rootThread ?? (s.channel === 'email' ? s.rfcMessageId : null),
    };
    const change: Required<SequenceChange> = { set: { updatedAt: now }, steps: [sent] };
    const next = cur.steps[s.index + 1];
    if (next && next.status === 'scheduled') {
      const due = new Date(now.getTime() + next.delaySeconds * 1000);
      change.steps.push({ index: next.index, scheduledAt: due });
      change.set.nextDueAt = due;
    } else if (!next && (cur.status === 'active' || cur.status === 'paused')) {
      change.set.status = 'completed';
    }
    const after = { ...cur, steps: cur.steps.map((x) => (x.index === s.index ? sent : x)) };
    const event = deps.outbox.stage({
      type: s.kind === 'connect_request' ? 'sequence.connection.requested' : 'sequence.message.sent',
      orgId: cur.orgId,
      orderingKey: `sequence:${cur.id}`,
      data: messageSentData(after, sent, sender),
      occurredAt: now,
    });
    return { ...change, events: [event] };
  }

  /** The fallback when the batched record lost a race (a stop or pause meanwhile): re-read and apply. */
  async function recordSent(o: Sent) {
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
      if (s.status !== 'sending' || s.attempts !== step.attempts) return { noChange: false };
      const delay = deps.retryScheduleSeconds[s.attempts - 1];
      if (err.permanent || delay === undefined) return { ...failChange(cur, s, err.reason, now), result: true };
      const due = new Date(now.getTime() + delay * 1000);
      // A failure known to have left nothing with the server: the retry starts from a claim.
      const steps: StepPatch[] = [{ index: s.index, status: 'scheduled', leaseUntil: null, handedOverAt: null, failureReason: err.reason }];
      return { set: { nextDueAt: due, updatedAt: now }, steps, result: true };
    });
  }

  /** Claims each due sequence's next step (one round trip for the batch): status `sending` with a lease. */
  async function claim(due: SequenceRecord[]): Promise<Claimed[]> {
    const now = deps.clock.now();
    const candidates: (Claimed & { write: ConditionalWrite })[] = [];
    for (const seq of due) {
      const step = pendingStep(seq);
      if (!step || step.status !== 'scheduled') {
        await store.compareAndSet(seq.orgId, seq.id, seq.version, { set: { nextDueAt: null } });
        continue;
      }
      const claimed: StepPatch = {
        index: step.index,
        status: 'sending',
        leaseUntil: new Date(now.getTime() + deps.leaseMs),
        handedOverAt: null,
        attempts: step.attempts + 1,
      };
      const write = { orgId: seq.orgId, id: seq.id, version: seq.version, set: { nextDueAt: null, updatedAt: now }, steps: [claimed] };
      candidates.push({ seq, step, write });
    }
    const won = await store.compareAndSetMany(candidates.map((c) => c.write));
    return candidates
      .filter((c) => won.has(c.seq.id))
      .map(({ seq, step }) => {
        const claimedStep: StepRecord = { ...step, status: 'sending', handedOverAt: null, attempts: step.attempts + 1 };
        return {
          seq: { ...seq, version: seq.version + 1, nextDueAt: null, steps: seq.steps.map((s) => (s.index === step.index ? claimedStep : s)) },
          step: claimedStep,
        };
      });
  }

  // Group commit of the handover marks: sends whose connections became ready together
  // share one store round trip; up to four are written at once, so a slow round trip does
  // not hold every other send (each waits on the wire for its own mark) behind it.
  const handovers = createBatcher<Claimed, Date | null>(
    async (items) => {
      const now = deps.clock.now();
      const marks = items.map((c) => ({ orgId: c.seq.orgId, id: c.seq.id, index: c.step.index, attempts: c.step.attempts }));
      const applied = await store.markHandedOver(marks, now, new Date(now.getTime() + deps.leaseMs));
      return items.map((c) => (applied.has(c.seq.id) ? now : null));
    },
    500,
    { concurrency: 4 },
  );

  /** Makes the handover durable before the message leaves; a claim lost meanwhile (stop, takeover) is not sent. */
  async function markHandedOver(c: Claimed): Promise<void> {
    let at: Date | null;
    try {
      at = await handovers.add(c);
    } catch (err) {
      deps.logger.warn({ err, sequenceId: c.seq.id }, 'could not record a handover; the step is sent after its lease');
      throw new HandoverRefused('the handover could not be recorded');
    }
    if (!at) throw new HandoverRefused('the claim was lost before the handover');
    // The stored document as the mark left it, for the record's conditional write.
    c.step = { ...c.step, handedOverAt: at };
    c.seq = { ...c.seq, version: c.seq.version + 1, steps: c.seq.steps.map((s) => (s.index === c.step.index ? c.step : s)) };
  }

  /** Null when nothing was sent and nothing is to be recorded (the handover was refused). */
  async function send(c: Claimed): Promise<Outcome | null> {
    const sender = await senderFor(c.seq, c.step);
    if (!sender) return { ...c, ok: false, error: new ProviderError(true, `no ${c.step.channel} sender (removed?)`) };
    try {
      const result = await deps.providers[sender.transport].send(sender, buildMessage(c.seq, c.step), { beforeHandover: () => markHandedOver(c) });
      return { ...c, ok: true, sender, result };
    } catch (err) {
      if (err instanceof HandoverRefused) return null;
      if (!(err instanceof ProviderError)) deps.logger.error({ err, sequenceId: c.seq.id }, 'send failed unexpectedly');
      return { ...c, ok: false, error: err instanceof ProviderError ? err : new ProviderError(false, 'unexpected send error') };
    }
  }

  // Group commit of the sent records: each is written as soon as its send is done (so a
  // crash leaves few accepted messages unrecorded), many in one round trip under load.
  // The write stages the events in the same document; relaying them to the event log
  // (several more round trips) does not hold the next send back, and a relay that never
  // happens (a crash) is done by the outbox's recovery.
  const relays = new Set<Promise<void>>();
  const sentRecords = createBatcher<Sent, boolean>(
    async (sent) => {
      const now = deps.clock.now();
      const writes = sent.map((o) => ({
        orgId: o.seq.orgId,
        id: o.seq.id,
        version: o.seq.version,
        ...sentWrite(o.seq, o.step.index, o.sender, o.result, now),
      }));
      const applied = await store.compareAndSetMany(writes, {
        detachRelay: (relayed) => {
          const relay = relayed
            .catch((err) => deps.logger.warn({ err }, 'relaying sent events failed; the outbox recovery relays them'))
            .finally(() => relays.delete(relay));
          relays.add(relay);
        },
      });
      return sent.map((o) => applied.has(o.seq.id));
    },
    500,
    { concurrency: 4 },
  );

  async function record(o: Outcome | null): Promise<void> {
    if (!o) return;
    if (!o.ok) return recordFailure(o.seq, o.step, o.error);
    if (!(await sentRecords.add(o))) await recordSent(o);
  }

  /**
   * A step left `sending` past its lease means a process died (or stalled) holding it.
   * Never handed over: nothing left the gateway, so it is scheduled again now. Handed
   * over, for email: we cannot know whether the server took it, and a second copy is
   * worse than none, so the step fails as `delivery_unknown` (at most once). HTTP
   * providers get the same message id again and drop a repeat, so those are resent.
   * The handover mark applies only while the claim stands and bumps the version this
   * write is conditional on, so a process that stalled past its lease either marked
   * first (and may send; the step is then treated as handed over) or finds its claim
   * gone and sends nothing.
   */
  async function recoverExpiredLeases(): Promise<number> {
    const now = deps.clock.now();
    const stuck = await store.findExpiredLeases(now, 200);
    for (const seq of stuck) {
      const step = seq.steps.find((s) => s.status === 'sending' && s.leaseUntil && s.leaseUntil < now);
      if (!step) continue;
      const http = (await senderFor(seq, step))?.transport !== 'smtp';
      await mutateSequence(
        store,
        seq.orgId,
        seq.id,
        (cur) => {
          const s = cur.steps[step.index];
          if (s.status !== 'sending' || !s.leaseUntil || s.leaseUntil >= now) return { noChange: false };
          if (http || !s.handedOverAt) {
            return {
              set: { nextDueAt: now, updatedAt: now },
              steps: [{ index: s.index, status: 'scheduled', leaseUntil: null, handedOverAt: null }],
              result: true,
            };
          }
          return {
            ...failChange(
              cur,
              s,
              'delivery_unknown: the gateway stopped while handing the email to the smtp server; not retried so it is never sent twice',
              now,
            ),
            result: true,
          };
        },
        seq,
      );
    }
    return stuck.length;
  }

  /**
   * Sends everything due now; steps that become due meanwhile (zero delays) are picked up
   * too. Claims are sized to the workers free to send at once (see runSendWorkers), and
   * each outcome is recorded as soon as its send ends.
   */
  async function runDue(): Promise<number> {
    await recoverExpiredLeases();
    return runSendWorkers<Claimed>({
      concurrency: deps.concurrency,
      async claim(room) {
        const due = await store.findDue(deps.clock.now(), room);
        return { found: due.length, items: due.length ? await claim(due) : [] };
      },
      process: async (c) => record(await send(c)),
      stopping: () => stopping,
      onError: (err) => deps.logger.error({ err }, 'sending or recording a step failed'),
    });
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
    /** Graceful stop: the steps claimed are sent and recorded, no new claim is made. */
    async close() {
      stopping = true;
      await running;
      await Promise.all([...relays]);
      await deps.providers.smtp.close();
      await deps.providers.http.close();
      await deps.providers.sink.close();
    },
  };
}

export type SendLoop = ReturnType<typeof createSendLoop>;
