import type { SenderRecord } from '../senders/sender-model.ts';
import { toSenderIdentity } from '../senders/sender-serializer.ts';
import type { SequenceRecord, StepRecord } from './sequence-model.ts';

// The one place sequences, steps and their webhook payloads are shaped. Personal data
// leaves the gateway only as the recipient identity (email, LinkedIn urn/slug, display
// name); row cells never do, except as the message text the campaign's own templates made.

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
export const BODY_CAP_BYTES = 60 * 1024;

export function sendStatus(seq: SequenceRecord): string {
  if (seq.repliedAt) return 'replied';
  if (seq.status === 'failed') return 'failed';
  if (seq.status === 'draft') return 'draft';
  const anySent = seq.steps.some((s) => s.status === 'sent');
  if (seq.status === 'completed') return 'sent';
  if (seq.status === 'stopped') return 'stopped';
  if (seq.status === 'paused') return 'paused';
  return anySent ? 'sent' : 'scheduled';
}

export function recipientFor(seq: Pick<SequenceRecord, 'recipient'>, channel: string): string | null {
  return channel === 'linkedin' ? (seq.recipient.linkedinSlug ?? seq.recipient.linkedinUrn) : seq.recipient.email;
}

export function toStepView(seq: SequenceRecord, step: StepRecord) {
  return {
    object: 'step' as const,
    id: step.id,
    stepId: step.id,
    index: step.index,
    channel: step.channel,
    kind: step.kind,
    status: step.status,
    subject: step.subject,
    body: step.body,
    recipient: recipientFor(seq, step.channel),
    delaySeconds: step.delaySeconds,
    scheduledAt: iso(step.scheduledAt),
    sentAt: iso(step.sentAt),
    handedOverAt: iso(step.handedOverAt),
    rfcMessageId: step.status === 'sent' ? step.rfcMessageId : null,
    threadId: step.threadId,
    providerId: step.providerId,
    failureReason: step.failureReason,
    acceptedAt: iso(step.acceptedAt),
  };
}

export function toSequenceSummary(seq: SequenceRecord, baseUrl: string) {
  return {
    object: 'sequence' as const,
    id: seq.id,
    sequenceId: seq.id,
    campaignId: seq.campaignId,
    status: seq.status,
    stopReason: seq.stopReason,
    sendStatus: sendStatus(seq),
    tableId: seq.tableId,
    columnId: seq.columnId,
    rowId: seq.rowId,
    workspaceId: null,
    url: `${baseUrl}/api/v2/sequences/${seq.id}`,
    recipient: { ...seq.recipient },
    channels: [...new Set(seq.steps.map((s) => s.channel))],
    stepCount: seq.steps.length,
    sentCount: seq.steps.filter((s) => s.status === 'sent').length,
    stoppedAt: iso(seq.stoppedAt),
    repliedAt: iso(seq.repliedAt),
    createdAt: seq.createdAt.toISOString(),
    updatedAt: seq.updatedAt.toISOString(),
  };
}

export function toSequenceDetail(seq: SequenceRecord, baseUrl: string) {
  return { ...toSequenceSummary(seq, baseUrl), steps: seq.steps.map((step) => toStepView(seq, step)) };
}

// ── webhook payloads (published snake_case shapes) ──

export function outreachTarget(seq: SequenceRecord) {
  return {
    table_id: seq.tableId,
    row_id: seq.rowId,
    column_id: seq.columnId,
    email: seq.recipient.email,
    linkedin_urn: seq.recipient.linkedinUrn,
    linkedin_slug: seq.recipient.linkedinSlug,
  };
}

export function capBody(body: string): { body: string; truncated: boolean } {
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length <= BODY_CAP_BYTES) return { body, truncated: false };
  // Cut on a character boundary: decoding a sliced buffer may end in a replacement char.
  return {
    body: bytes
      .subarray(0, BODY_CAP_BYTES)
      .toString('utf8')
      .replace(/\uFFFD$/, ''),
    truncated: true,
  };
}

export function messageSentData(seq: SequenceRecord, step: StepRecord, sender: SenderRecord | null) {
  const { body, truncated } = capBody(step.body);
  return {
    channel: step.channel,
    sequence_id: seq.id,
    step_index: step.index,
    message_id: step.id,
    outreach_target: outreachTarget(seq),
    sender: toSenderIdentity(sender),
    message: {
      subject: step.channel === 'email' ? step.subject : null,
      body,
      body_truncated: truncated,
      provider_id: step.providerId,
      thread_id: step.threadId,
      rfc_message_id: step.channel === 'email' ? step.rfcMessageId : null,
    },
    sent_at: iso(step.sentAt) as string,
  };
}

export interface ReplyMessageInput {
  subject: string | null;
  text: string;
  receivedAt: Date;
  threadId: string | null;
  providerId: string | null;
}

export function replyReceivedData(
  primary: SequenceRecord,
  channel: 'email' | 'linkedin',
  newlyStopped: boolean,
  additional: { matched: string[]; newlyStopped: string[] },
  sender: SenderRecord | null,
  reply: ReplyMessageInput,
) {
  const { body, truncated } = capBody(reply.text);
  return {
    channel,
    sequence_id: primary.id,
    newly_stopped: newlyStopped,
    ...(additional.matched.length > 0 ? { additional_matched_sequence_ids: additional.matched } : {}),
    ...(additional.newlyStopped.length > 0 ? { additional_newly_stopped_sequence_ids: additional.newlyStopped } : {}),
    outreach_target: outreachTarget(primary),
    sender: toSenderIdentity(sender),
    reply_message: {
      subject: reply.subject,
      body,
      body_truncated: truncated,
      received_at: reply.receivedAt.toISOString(),
      thread_id: reply.threadId,
      provider_id: reply.providerId,
    },
  };
}

export function connectionAcceptedData(seq: SequenceRecord, step: StepRecord, sender: SenderRecord | null, connectedAt: Date) {
  return {
    channel: 'linkedin' as const,
    sequence_id: seq.id,
    step_index: step.index,
    original_message_id: step.id,
    outreach_target: outreachTarget(seq),
    sender: toSenderIdentity(sender),
    requested_at: iso(step.sentAt) as string,
    connected_at: connectedAt.toISOString(),
  };
}
