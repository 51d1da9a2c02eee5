import type { TriggerEventRecord, TriggerRecord } from './types.ts';
import { parseBody } from './body.ts';

// One serializer per resource; the API and the trigger.received payload share them.

export function toTriggerView(t: TriggerRecord) {
  const v = t.verification;
  return {
    object: 'trigger' as const,
    id: t.id,
    name: t.name,
    action: t.action,
    schema: t.schema,
    tableId: t.tableId,
    matchColumns: t.matchColumns,
    mapping: t.mapping,
    verification: v
      ? v.type === 'hmac'
        ? { type: v.type, header: v.header, algorithm: v.algorithm, encoding: v.encoding, prefix: v.prefix, secretLast4: v.secret.slice(-4) }
        : { type: v.type, secretLast4: v.secret.slice(-4) }
      : null,
    dedupPointer: t.dedupPointer,
    orderingKey: t.orderingPointer ?? null,
    rateLimitPerMinute: t.rateLimitPerMinute,
    enabled: t.enabled,
    previousUrlExpiresAt: t.previousTokenExpiresAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export type TriggerView = ReturnType<typeof toTriggerView>;

export function toTriggerEventView(e: TriggerEventRecord) {
  return {
    object: 'trigger_event' as const,
    id: e.id,
    triggerId: e.triggerId,
    status: e.status,
    duplicateOf: e.duplicateOf,
    contentType: e.contentType,
    headers: e.headers,
    body: parseBody(e.contentType, e.rawBody),
    rawBody: e.rawBody.toString('utf8'),
    receivedAt: e.receivedAt.toISOString(),
    attempts: e.attempts,
    lastError: e.lastError,
    processedAt: e.processedAt?.toISOString() ?? null,
    failedAt: e.failedAt?.toISOString() ?? null,
    failureReason: e.failureReason,
    result: e.result,
    replayCount: e.replayCount,
  };
}
