import { createHash } from 'node:crypto';
import type { Outbox } from '../../events/outbox.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import type { SenderRecord } from '../senders/sender-model.ts';
import { parseEmail, parseLinkedin } from '../campaigns/recipients.ts';
import type { ReplyRecord, ReplyStore } from './reply-model.ts';
import type { SequenceRecord, SequenceStore } from './sequence-model.ts';
import { mutateSequence, stopSet } from './sequence-mutations.ts';
import { connectionAcceptedData, replyReceivedData } from './sequence-serializers.ts';

export interface InboundReply {
  from: string;
  to?: string | string[];
  subject?: string | null;
  text?: string | null;
  inReplyTo?: string | null;
  references?: string | string[] | null;
  threadId?: string | null;
  receivedAt?: Date | string | null;
  providerId?: string | null;
  channel?: 'email' | 'linkedin';
}

export interface ReplyMatchResult {
  replyId: string;
  matched: boolean;
  matchedBy: ReplyRecord['matchedBy'];
  sequenceIds: string[];
  newlyStoppedIds: string[];
  duplicate: boolean;
}

export interface ReplyDeps {
  sequences: SequenceStore;
  replies: ReplyStore;
  findSender(orgId: string, id: string): Promise<SenderRecord | null>;
  outbox: Outbox;
  ids: IdGenerator;
  clock: Clock;
}

const MESSAGE_ID = /<[^<>\s]+>/g;
const messageIds = (v: string | string[] | null | undefined) => (Array.isArray(v) ? v.join(' ') : (v ?? '')).match(MESSAGE_ID) ?? [];
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? v.split(',') : []).map((s) => s.trim()).filter(Boolean);
const addressOf = (v: string) => parseEmail(v.match(/<([^>]+)>/)?.[1] ?? v);
const sentSteps = (seq: SequenceRecord) => seq.steps.filter((s) => s.status === 'sent');

/**
 * The sequences a reply names by reference (its In-Reply-To/References Message-IDs, then
 * its thread id), in the order matching prefers them; null when it names none that
 * sent. The rest of matching goes by the sender's address.
 */
export async function referencedSequences(deps: Pick<ReplyDeps, 'sequences'>, orgId: string, r: Pick<InboundReply, 'inReplyTo' | 'references' | 'threadId'>) {
  const refs = [...messageIds(r.inReplyTo), ...messageIds(r.references)];
  if (refs.length) {
    const found = (await deps.sequences.findByMessageIds(orgId, refs)).filter((seq) =>
      sentSteps(seq).some((s) => s.rfcMessageId && refs.includes(s.rfcMessageId)),
    );
    // The sequence that sent the message answered directly (In-Reply-To) comes first.
    const direct: string[] = messageIds(r.inReplyTo);
    found.sort(
      (a, b) => Number(b.steps.some((s) => direct.includes(s.rfcMessageId ?? ''))) - Number(a.steps.some((s) => direct.includes(s.rfcMessageId ?? ''))),
    );
    if (found.length) return { found, by: 'message_id' as const };
  }
  if (r.threadId) {
    const found = (await deps.sequences.findByThreadId(orgId, r.threadId)).filter((seq) => sentSteps(seq).some((s) => s.threadId === r.threadId));
    if (found.length) return { found, by: 'thread_id' as const };
  }
  return null;
}

async function candidates(deps: ReplyDeps, orgId: string, r: InboundReply, channel: 'email' | 'linkedin') {
  const referenced = await referencedSequences(deps, orgId, r);
  if (referenced) return referenced;
  const key =
    channel === 'email'
      ? addressOf(r.from)
      : (() => {
          const li = parseLinkedin(r.from);
          return li?.slug ?? li?.urn ?? null;
        })();
  if (!key) return { found: [], by: null };
  const to = list(r.to)
    .map((t) => (channel === 'email' ? addressOf(t) : parseLinkedin(t)?.slug))
    .filter((v): v is string => !!v);
  const found: SequenceRecord[] = [];
  for (const seq of await deps.sequences.findByRecipient(orgId, key)) {
    if (!sentSteps(seq).some((s) => s.channel === channel)) continue;
    if (to.length) {
      const sender = seq.senders[channel] ? await deps.findSender(orgId, seq.senders[channel] as string) : null;
      const own = channel === 'email' ? sender?.email : sender?.linkedinSlug;
      if (!own || !to.includes(own.toLowerCase())) continue;
    }
    found.push(seq);
  }
  // Most recent outreach first: the reply most likely answers it.
  found.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  return { found, by: found.length ? ('recipient' as const) : null };
}

function dedupeKey(orgId: string, r: InboundReply): string {
  const parts = [
    orgId,
    r.from,
    list(r.to).join(','),
    r.subject ?? '',
    r.text ?? '',
    r.inReplyTo ?? '',
    r.threadId ?? '',
    r.providerId ?? '',
    String(r.receivedAt ?? ''),
  ];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/**
 * An inbound reply (email or LinkedIn DM): matched by In-Reply-To/References against sent
 * Message-IDs, then thread id, then recipient + sender. Stops matched sequences that stop
 * on reply and records `sequence.reply.received` once, however often the same reply comes in.
 */
export async function matchReply(deps: ReplyDeps, orgId: string, r: InboundReply, opts: { dedupeKey?: string } = {}): Promise<ReplyMatchResult> {
  const now = deps.clock.now();
  const channel = r.channel ?? (parseEmail(r.from.match(/<([^>]+)>/)?.[1] ?? r.from) ? 'email' : 'linkedin');
  const receivedAt = r.receivedAt ? new Date(r.receivedAt) : now;
  const { record, inserted } = await deps.replies.insertIfAbsent({
    id: deps.ids.uuid(),
    orgId,
    dedupeKey: opts.dedupeKey ?? dedupeKey(orgId, r),
    channel,
    from: r.from,
    to: list(r.to),
    subject: r.subject ?? null,
    text: r.text ?? '',
    inReplyTo: messageIds(r.inReplyTo)[0] ?? null,
    references: messageIds(r.references),
    threadId: r.threadId ?? null,
    providerId: r.providerId ?? null,
    receivedAt: Number.isNaN(receivedAt.getTime()) ? now : receivedAt,
    status: 'processing',
    sequenceIds: [],
    newlyStoppedIds: [],
    matchedBy: null,
    createdAt: now,
  });
  if (!inserted && record.status !== 'processing') {
    return {
      replyId: record.id,
      matched: record.status === 'matched',
      matchedBy: record.matchedBy,
      sequenceIds: record.sequenceIds,
      newlyStoppedIds: record.newlyStoppedIds,
      duplicate: true,
    };
  }
  const { found, by } = await candidates(deps, orgId, r, channel);
  const matched = found.slice(0, 20);
  const newlyStopped: string[] = [];
  const after: SequenceRecord[] = [];
  for (const seq of matched) {
    const out = await mutateSequence<{ stopped: boolean; seq: SequenceRecord }>(
      deps.sequences,
      orgId,
      seq.id,
      (cur) => {
        // A retry of a half-processed reply finds the sequence already stopped by it.
        if (cur.stoppedByReplyId === record.id) return { noChange: { stopped: true, seq: cur } };
        const stops = cur.stopOnReply && ['draft', 'active', 'paused'].includes(cur.status);
        const change = stops ? stopSet(cur, 'replied', now, { stoppedByReplyId: record.id }) : { set: { updatedAt: now }, steps: [] };
        const repliedAt = cur.repliedAt ? {} : { repliedAt: record.receivedAt };
        return { set: { ...change.set, ...repliedAt }, steps: change.steps, result: { stopped: stops, seq: cur } };
      },
      seq,
    );
    if (!out) continue;
    after.push(out.result.seq);
    if (out.result.stopped) newlyStopped.push(seq.id);
  }
  const events = [];
  if (after.length) {
    const primary = after[0];
    const senderId = primary.senders[channel];
    const sender = senderId ? await deps.findSender(orgId, senderId) : null;
    const rest = after.slice(1).map((s) => s.id);
    const data = replyReceivedData(
      primary,
      channel,
      newlyStopped.includes(primary.id),
      { matched: rest, newlyStopped: rest.filter((id) => newlyStopped.includes(id)) },
      sender,
      {
        subject: record.subject,
        text: record.text,
        receivedAt: record.receivedAt,
        threadId: record.threadId ?? primary.steps.find((s) => s.threadId)?.threadId ?? null,
        providerId: record.providerId,
      },
    );
    events.push(deps.outbox.stage({ type: 'sequence.reply.received', orgId, orderingKey: `sequence:${primary.id}`, data, occurredAt: record.receivedAt }));
  }
  const sequenceIds = after.map((s) => s.id);
  await deps.replies.complete(
    orgId,
    record.id,
    { status: after.length ? 'matched' : 'unmatched', sequenceIds, newlyStoppedIds: newlyStopped, matchedBy: by },
    events,
  );
  return { replyId: record.id, matched: after.length > 0, matchedBy: by, sequenceIds, newlyStoppedIds: newlyStopped, duplicate: false };
}

export interface ConnectionAccepted {
  /** The invited person: LinkedIn slug, profile URL or urn. */
  from?: string | null;
  sequenceId?: string | null;
  messageId?: string | null;
  acceptedAt?: Date | string | null;
}

/** A LinkedIn invite accepted: the connect_request step gets `acceptedAt` and the event, once. */
export async function matchConnectionAccepted(deps: ReplyDeps, orgId: string, input: ConnectionAccepted) {
  const now = deps.clock.now();
  const connectedAt = input.acceptedAt ? new Date(input.acceptedAt) : now;
  let seqs: SequenceRecord[] = [];
  if (input.sequenceId) {
    const one = await deps.sequences.findById(orgId, input.sequenceId);
    seqs = one ? [one] : [];
  } else if (input.from) {
    const li = parseLinkedin(input.from);
    const key = li?.slug ?? li?.urn;
    seqs = key ? await deps.sequences.findByRecipient(orgId, key) : [];
  }
  const accepted: string[] = [];
  for (const seq of seqs) {
    const step = seq.steps.find((s) => s.kind === 'connect_request' && s.status === 'sent' && !s.acceptedAt && (!input.messageId || s.id === input.messageId));
    if (!step) continue;
    const senderId = seq.senders.linkedin;
    const sender = senderId ? await deps.findSender(orgId, senderId) : null;
    const at = Number.isNaN(connectedAt.getTime()) ? now : connectedAt;
    const out = await mutateSequence(
      deps.sequences,
      orgId,
      seq.id,
      (cur) => {
        const s = cur.steps[step.index];
        if (s.acceptedAt) return { noChange: false };
        const event = deps.outbox.stage({
          type: 'sequence.connection.accepted',
          orgId,
          orderingKey: `sequence:${cur.id}`,
          data: connectionAcceptedData(cur, s, sender, at),
          occurredAt: at,
        });
        return { set: { updatedAt: now }, steps: [{ index: s.index, acceptedAt: at }], events: [event], result: true };
      },
      seq,
    );
    if (out?.result) accepted.push(seq.id);
  }
  return { matched: accepted.length > 0, sequenceIds: accepted };
}
