import type { EventDraft, StagedEvent } from '../events/outbox.ts';
import { getPointer } from './body.ts';
import { triggerOrdering } from './ordering.ts';
import type { TriggerEventRecord, TriggerRecord } from './types.ts';

// What each action needs from the rest of the gateway, as small interfaces the trigger
// code owns: the row upsert path of the API, and the reply matching of sequences.

export interface RowUpserter {
  /** The API's own upsert: same rules, same error codes. `sourceKey` identifies the inbound event. */
  upsertRows(
    orgId: string,
    input: { tableId: string; matchColumns: string[] | null; rows: Record<string, unknown>[]; sourceKey: string },
  ): Promise<Record<string, unknown>>;
}

export interface InboundReply {
  from: string;
  to?: string;
  subject?: string;
  text?: string;
  inReplyTo?: string;
  references?: string[];
  threadId?: string;
  receivedAt?: string;
}

export interface ReplyHandler {
  recordReply(orgId: string, reply: InboundReply, ctx: { sourceKey: string }): Promise<Record<string, unknown>>;
  recordConnectionAccepted(orgId: string, input: Record<string, unknown>, ctx: { sourceKey: string }): Promise<Record<string, unknown>>;
  /** The sequences a reply names by Message-ID or thread id (what it will stop), with their recipients. */
  referencedSequences?(orgId: string, reply: InboundReply): Promise<ReferencedSequence[]>;
}

export interface ReferencedSequence {
  id: string;
  recipient: { email: string | null; linkedinSlug: string | null };
}

/** A failure no retry can fix: the event ends `failed` with this message as its reason. */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

export interface ActionDeps {
  rows: RowUpserter | null;
  replies: ReplyHandler | null;
  stage: (draft: EventDraft) => StagedEvent;
}

export interface ActionOutcome {
  result: Record<string, unknown>;
  staged: StagedEvent[];
}

export const REPLY_FIELDS = ['from', 'to', 'subject', 'text', 'inReplyTo', 'references', 'threadId', 'receivedAt'] as const;

export function mapped(trigger: TriggerRecord, body: unknown, defaults: readonly string[]): Record<string, unknown> {
  // Built as entries, so a field named `__proto__` stays a plain field.
  const fields = new Map<string, unknown>();
  const mapping = trigger.mapping ?? {};
  for (const field of defaults) if (!Object.hasOwn(mapping, field)) fields.set(field, getPointer(body, `/${field}`));
  for (const [field, pointer] of Object.entries(mapping)) fields.set(field, getPointer(body, pointer));
  return Object.fromEntries([...fields].filter(([, value]) => value !== undefined));
}

export function rowsOf(trigger: TriggerRecord, body: unknown): Record<string, unknown>[] {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (trigger.mapping) return [mapped(trigger, body, [])];
  if (Array.isArray(body) && body.every(isObject)) return body;
  if (isObject(body)) return [body];
  throw new PermanentFailure('rows.upsert needs an object body (or a mapping) to make a row from');
}

export function toReply(fields: Record<string, unknown>): InboundReply {
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const from = str(fields.from);
  if (!from) throw new PermanentFailure('the reply has no "from" address');
  const refs = fields.references;
  return {
    from,
    to: str(fields.to),
    subject: str(fields.subject),
    text: str(fields.text),
    inReplyTo: str(fields.inReplyTo),
    references: Array.isArray(refs) ? refs.map(String) : typeof refs === 'string' ? refs.split(/\s+/).filter(Boolean) : undefined,
    threadId: str(fields.threadId),
    receivedAt: str(fields.receivedAt),
  };
}

/** Runs a trigger's action on one stored request. */
export async function runAction(deps: ActionDeps, trigger: TriggerRecord, event: TriggerEventRecord, body: unknown): Promise<ActionOutcome> {
  const sourceKey = `trigger_event:${event.id}`;
  switch (trigger.action) {
    case 'event': {
      const staged = deps.stage({
        type: 'trigger.received',
        orgId: trigger.orgId,
        ...triggerOrdering(trigger, event, body),
        data: { object: 'trigger_event', id: event.id, triggerId: trigger.id, triggerName: trigger.name, receivedAt: event.receivedAt.toISOString(), body },
      });
      return { result: { eventId: staged.id }, staged: [staged] };
    }
    case 'rows.upsert': {
      if (!deps.rows) throw new PermanentFailure('row upserts are not available yet');
      const result = await deps.rows.upsertRows(trigger.orgId, {
        tableId: trigger.tableId as string,
        matchColumns: trigger.matchColumns,
        rows: rowsOf(trigger, body),
        // Per replay: a retry of one run is deduplicated, a deliberate replay runs again.
        sourceKey: `${sourceKey}:${event.replayCount}`,
      });
      return { result, staged: [] };
    }
    case 'sequence.reply': {
      if (!deps.replies) throw new PermanentFailure('sequence replies are not available yet');
      return { result: await deps.replies.recordReply(trigger.orgId, toReply(mapped(trigger, body, REPLY_FIELDS)), { sourceKey }), staged: [] };
    }
    case 'sequence.connection.accepted': {
      if (!deps.replies) throw new PermanentFailure('sequence replies are not available yet');
      const input = trigger.mapping ? mapped(trigger, body, []) : ((body ?? {}) as Record<string, unknown>);
      return { result: await deps.replies.recordConnectionAccepted(trigger.orgId, input, { sourceKey }), staged: [] };
    }
  }
}
