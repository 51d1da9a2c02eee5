import { createHash } from 'node:crypto';
import { notFound, rateLimited, unauthorized, unprocessable } from '../domain/errors.ts';
import type { Clock } from '../domain/shared/clock.ts';
import { createReadCache } from '../domain/shared/read-cache.ts';
import type { IdGenerator } from '../domain/shared/ids.ts';
import { MAX_ISSUES, toIssues } from '../http/openapi/ajv.ts';
import { getPointer } from './body.ts';
import { mapped, PermanentFailure, REPLY_FIELDS, toReply, type ReplyHandler } from './actions.ts';
import { referencedSequenceKeys, targetKeysOf } from './target-keys.ts';
import type { SchemaCache } from './schema-cache.ts';
import type { TriggerEventStore, TriggerStore } from './stores.ts';
import { sameNonce, type TriggerTokens } from './token.ts';
import type { TriggerEventRecord, TriggerRecord } from './types.ts';
import { storableHeaders, verifySender } from './verification.ts';

// The inbound URL, in the order the contract fixes: (size and content type are checked
// by the HTTP layer before this runs) token, sender signature on the raw bytes, body
// schema, dedup, durable store, place in the acknowledgment order of its targets — and
// only then the 202. Processing is someone else's job.

export const DEDUP_WINDOW_MS = 24 * 3600_000;

type Headers = Record<string, string | string[] | undefined>;

export interface InboundRequest {
  token: string;
  headers: Headers;
  rawBody: Buffer;
  body: unknown;
  contentType: string;
}

export type IngestResult = { id: string; duplicate: false } | { id: string; duplicate: true };

export interface IngestDeps {
  triggers: TriggerStore;
  triggerEvents: TriggerEventStore;
  tokens: () => Promise<TriggerTokens>;
  schemas: SchemaCache;
  ids: IdGenerator;
  clock: Clock;
  limiter: { take(key: string, limit: number): Promise<{ allowed: boolean; retryAfterSeconds: number }> };
  defaultRateLimitPerMinute: number;
  /** Late-bound: resolves the sequences a reply names, to order it with their other posts. */
  replies?: ReplyHandler | null;
  /** Hands an accepted event to processing; must not throw (recovery covers a lost hand-off). */
  enqueue: (eventId: string) => void;
  /** How long a trigger is trusted without a store read (bounds cross-process disable lag). */
  cacheMs?: number;
  /** When an accepted event counts as lost if processing has not picked it up. */
  recoveryGraceMs?: number;
}

const NOT_FOUND_MESSAGE = 'No trigger at this URL';
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

function dedupKeyOf(trigger: TriggerRecord, headers: Headers, body: unknown): string | null {
  let key: string | null = null;
  const pointed = trigger.dedupPointer !== null ? getPointer(body, trigger.dedupPointer) : undefined;
  if (typeof pointed === 'string' || typeof pointed === 'number') key = `pointer:${pointed}`;
  else if (first(headers['webhook-id'])) key = `webhook-id:${first(headers['webhook-id'])}`;
  else if (first(headers['idempotency-key'])) key = `idempotency-key:${first(headers['idempotency-key'])}`;
  if (key && key.length > 300) key = `sha256:${createHash('sha256').update(key).digest('hex')}`;
  return key;
}

export function createIngestService(deps: IngestDeps) {
  const cacheMs = deps.cacheMs ?? 1_000;
  const graceMs = deps.recoveryGraceMs ?? 60_000;
  // A posting system sends bursts to one URL: they share one read of its trigger.
  const triggers = createReadCache<TriggerRecord | null>({ ttlMs: cacheMs, maxEntries: 10_000 });
  const loadTrigger = (orgId: string, id: string, now: number) => triggers.get(`${orgId}:${id}`, now, () => deps.triggers.findById(orgId, id));

  async function resolve(token: string, now: Date): Promise<TriggerRecord> {
    const claims = (await deps.tokens()).verify(token);
    if (!claims) throw notFound('TRIGGER_NOT_FOUND', NOT_FOUND_MESSAGE);
    const trigger = await loadTrigger(claims.orgId, claims.triggerId, now.getTime());
    const current = trigger !== null && sameNonce(claims.nonce, trigger.tokenNonce);
    const previous =
      trigger?.previousTokenNonce != null &&
      trigger.previousTokenExpiresAt !== null &&
      trigger.previousTokenExpiresAt > now &&
      sameNonce(claims.nonce, trigger.previousTokenNonce);
    // Unknown, deleted, disabled and rotated-out URLs are indistinguishable.
    if (!trigger || !trigger.enabled || !(current || previous)) throw notFound('TRIGGER_NOT_FOUND', NOT_FOUND_MESSAGE);
    return trigger;
  }

  function checkSchema(trigger: TriggerRecord, body: unknown, rawBytes: number): void {
    if (!trigger.schema) return;
    const validator = deps.schemas.get(`${trigger.id}:${trigger.updatedAt.getTime()}`, trigger.schema);
    const errors = validator.errors(body ?? null, rawBytes);
    if (errors) {
      throw unprocessable('The body does not match the trigger schema', { in: 'body', issues: toIssues(errors), errors: errors.slice(0, MAX_ISSUES) });
    }
  }

  // Resolved when the post is acknowledged, so its place in the order of the sequences
  // it names is fixed before the 202 (matching, later, may see more sent messages).
  async function referencedKeys(trigger: TriggerRecord, body: unknown): Promise<string[]> {
    const handler = trigger.action === 'sequence.reply' ? deps.replies : null;
    if (!handler?.referencedSequences) return [];
    const fields = mapped(trigger, body, REPLY_FIELDS);
    if (fields.inReplyTo === undefined && fields.references === undefined && fields.threadId === undefined) return [];
    let reply;
    try {
      reply = toReply(fields);
    } catch (err) {
      if (err instanceof PermanentFailure) return []; // the action refuses it anyway
      throw err;
    }
    return referencedSequenceKeys(await handler.referencedSequences(trigger.orgId, reply));
  }

  return {
    forget(orgId: string, id: string): void {
      triggers.forget(`${orgId}:${id}`);
    },

    async receive(req: InboundRequest): Promise<IngestResult> {
      const now = deps.clock.now();
      const trigger = await resolve(req.token, now);
      const limit = trigger.rateLimitPerMinute ?? deps.defaultRateLimitPerMinute;
      const decision = await deps.limiter.take(`trigger:${trigger.id}`, limit);
      if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
      if (!verifySender(trigger.verification, req.headers, req.rawBody, Math.floor(now.getTime() / 1000))) {
        throw unauthorized('The request signature is missing or invalid');
      }
      checkSchema(trigger, req.body, req.rawBody.length);
      const targets = [...new Set([...targetKeysOf(trigger, req.body), ...(await referencedKeys(trigger, req.body))])];
      const record: TriggerEventRecord = {
        id: deps.ids.uuid(),
        orgId: trigger.orgId,
        triggerId: trigger.id,
        status: 'received',
        dedupKey: dedupKeyOf(trigger, req.headers, req.body),
        duplicateOf: null,
        contentType: req.contentType,
        headers: storableHeaders(req.headers),
        rawBody: req.rawBody,
        receivedAt: now,
        attempts: 0,
        lastError: null,
        leaseUntil: null,
        nextAttemptAt: new Date(now.getTime() + graceMs),
        processedAt: null,
        failedAt: null,
        failureReason: null,
        result: null,
        replayCount: 0,
        targetKey: targets.length === 1 ? targets[0] : null,
        targetKeys: targets.length > 1 ? targets : null,
        seq: null,
      };
      const outcome = await deps.triggerEvents.insertAccepted(record, new Date(now.getTime() - DEDUP_WINDOW_MS));
      if (!outcome.inserted) {
        await deps.triggerEvents.insertDuplicate({ ...record, status: 'duplicate', duplicateOf: outcome.duplicateOf, nextAttemptAt: null });
        // Answering for the original acknowledges it: sequence it now if its own ingest died first.
        if (targets.length > 0) await deps.triggerEvents.assignSeq(record.orgId, outcome.duplicateOf);
        return { id: outcome.duplicateOf, duplicate: true };
      }
      // Sequenced after it is stored and before the 202: a post sent after this answer is
      // stored later, so it is sequenced later (see trigger event ordering in the processor).
      if (targets.length > 0) await deps.triggerEvents.assignSeq(record.orgId, record.id);
      deps.enqueue(record.id);
      return { id: record.id, duplicate: false };
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
