import { randomBytes } from 'node:crypto';
import { isApiError, notFound, validationError } from '../domain/errors.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdGenerator } from '../domain/shared/ids.ts';
import { generateSecret } from '../outbound/signing.ts';
import { isPointer } from './body.ts';
import type { SchemaCache } from './schema-cache.ts';
import { toTriggerView, type TriggerView } from './serializers.ts';
import type { PageQuery, TriggerStore } from './stores.ts';
import { NONCE_BYTES, type TriggerTokens } from './token.ts';
import type { TriggerAction, TriggerRecord } from './types.ts';
import type { Verification } from './verification.ts';
import { insertOrFind } from '../domain/shared/already-stored.ts';

export type VerificationInput =
  | { type: 'standard-webhooks'; secret?: string }
  | { type: 'hmac'; header: string; algorithm: 'sha256' | 'sha1'; encoding: 'hex' | 'base64'; prefix?: string; secret: string };

export interface CreateTriggerInput {
  name: string;
  action: TriggerAction;
  schema?: Record<string, unknown>;
  tableId?: string;
  matchColumns?: string[];
  mapping?: Record<string, string>;
  verification?: VerificationInput;
  dedupPointer?: string;
  orderingKey?: string;
  rateLimitPerMinute?: number;
  enabled?: boolean;
}

export type UpdateTriggerInput = Partial<Pick<CreateTriggerInput, 'name' | 'tableId' | 'enabled'>> & {
  schema?: Record<string, unknown> | null;
  matchColumns?: string[] | null;
  mapping?: Record<string, string> | null;
  verification?: VerificationInput | null;
  dedupPointer?: string | null;
  orderingKey?: string | null;
  rateLimitPerMinute?: number | null;
};

export interface TriggerServiceDeps {
  store: TriggerStore;
  ids: IdGenerator;
  clock: Clock;
  tokens: () => Promise<TriggerTokens>;
  schemas: SchemaCache;
  publicUrl: string;
  /** How long the URL before a rotation keeps working (default 24 h). */
  rotationGraceMs?: number;
  random?: (n: number) => Buffer;
  /** Told about every change so in-process caches drop the old version at once. */
  onChange?: (orgId: string, id: string) => void;
  /** The tables domain's lookup (throws its 404 for another organization's or a missing table). */
  requireTable?: (orgId: string, tableId: string) => Promise<unknown>;
}

const problem = (path: string, message: string) => validationError(`Invalid trigger: ${path} ${message}`, { in: 'body', issues: [{ path, message }] });

// RFC 6901: "" or "/"-separated tokens in which "~" only starts "~0" or "~1".
const isStrictPointer = (p: string) => p === '' || /^(\/([^~]|~[01])*)+$/.test(p);

function checkShape(action: TriggerAction, t: Pick<TriggerRecord, 'tableId' | 'mapping' | 'dedupPointer' | 'orderingPointer'>): void {
  if (action === 'rows.upsert' && !t.tableId) throw problem('tableId', 'is required for the rows.upsert action');
  for (const [field, pointer] of Object.entries(t.mapping ?? {})) {
    if (!isPointer(pointer)) throw problem(`mapping.${field}`, 'must be a JSON pointer ("" or starting with "/")');
  }
  if (t.dedupPointer !== null && !isPointer(t.dedupPointer)) throw problem('dedupPointer', 'must be a JSON pointer');
  const ordering = t.orderingPointer ?? null;
  if (ordering !== null) {
    if (!isStrictPointer(ordering)) throw problem('orderingKey', 'must be a JSON pointer ("" or "/"-separated tokens, "~" only as "~0" or "~1")');
    // Only the event action emits trigger.received; a key elsewhere would silently do nothing.
    if (action !== 'event') throw problem('orderingKey', 'applies to the event action only');
  }
}

export function createTriggerService(deps: TriggerServiceDeps) {
  const random = deps.random ?? randomBytes;
  const graceMs = deps.rotationGraceMs ?? 24 * 3600_000;
  const newNonce = () => random(NONCE_BYTES).toString('hex');
  const urlFor = async (t: TriggerRecord, nonce = t.tokenNonce) =>
    `${deps.publicUrl}/hooks/${(await deps.tokens()).issue({ orgId: t.orgId, triggerId: t.id, nonce })}`;

  function toVerification(input: VerificationInput | null | undefined): { verification: Verification | null; generated?: string } {
    if (!input) return { verification: null };
    if (input.type === 'hmac') return { verification: { ...input, prefix: input.prefix ?? null } };
    const generated = input.secret ? undefined : generateSecret(random);
    return { verification: { type: 'standard-webhooks', secret: input.secret ?? (generated as string) }, generated };
  }

  async function checkTable(orgId: string, action: TriggerAction, tableId: string | null): Promise<void> {
    if (action !== 'rows.upsert' || !tableId || !deps.requireTable) return;
    try {
      await deps.requireTable(orgId, tableId);
    } catch (err) {
      if (isApiError(err) && err.status === 404) throw problem('tableId', 'is not a table of this organization');
      throw err;
    }
  }

  async function load(orgId: string, id: string): Promise<TriggerRecord> {
    const t = await deps.store.findById(orgId, id);
    if (!t) throw notFound('TRIGGER_NOT_FOUND', 'Trigger not found');
    return t;
  }

  function changed(t: TriggerRecord): void {
    deps.onChange?.(t.orgId, t.id);
  }

  return {
    async create(orgId: string, input: CreateTriggerInput): Promise<TriggerView & { url: string; secret?: string }> {
      const now = deps.clock.now();
      const { verification, generated } = toVerification(input.verification);
      const record: TriggerRecord = {
        id: deps.ids.uuid(),
        orgId,
        name: input.name,
        action: input.action,
        schema: input.schema ?? null,
        tableId: input.tableId ?? null,
        matchColumns: input.matchColumns ?? null,
        mapping: input.mapping ?? null,
        verification,
        dedupPointer: input.dedupPointer ?? null,
        orderingPointer: input.orderingKey ?? null,
        rateLimitPerMinute: input.rateLimitPerMinute ?? null,
        enabled: input.enabled ?? true,
        tokenNonce: newNonce(),
        previousTokenNonce: null,
        previousTokenExpiresAt: null,
        createdAt: now,
        updatedAt: now,
      };
      checkShape(record.action, record);
      await checkTable(orgId, record.action, record.tableId);
      if (record.schema) deps.schemas.get(`${record.id}:${now.getTime()}`, record.schema);
      // A retry of a create that took effect unseen answers it, without the secrets shown once.
      const stored = await insertOrFind(
        () => deps.store.insert(record),
        () => deps.store.findById(orgId, record.id),
      );
      if (stored) return toTriggerView(stored) as TriggerView & { url: string };
      return { ...toTriggerView(record), url: await urlFor(record), ...(generated ? { secret: generated } : {}) };
    },

    async list(orgId: string, page: PageQuery) {
      const result = await deps.store.list(orgId, page);
      return { items: result.items.map(toTriggerView), nextCursor: result.nextCursor };
    },

    get: async (orgId: string, id: string) => toTriggerView(await load(orgId, id)),

    async update(orgId: string, id: string, input: UpdateTriggerInput): Promise<TriggerView & { secret?: string }> {
      const current = await load(orgId, id);
      const set: Partial<TriggerRecord> = { updatedAt: deps.clock.now() };
      for (const key of ['name', 'schema', 'tableId', 'matchColumns', 'mapping', 'dedupPointer', 'rateLimitPerMinute', 'enabled'] as const) {
        if (input[key] !== undefined) (set as Record<string, unknown>)[key] = input[key];
      }
      if (input.orderingKey !== undefined) set.orderingPointer = input.orderingKey;
      let generated: string | undefined;
      if (input.verification !== undefined) ({ verification: set.verification, generated } = toVerification(input.verification));
      const next = { ...current, ...set };
      checkShape(next.action, next);
      if (input.tableId !== undefined) await checkTable(orgId, next.action, next.tableId);
      if (next.schema && input.schema) deps.schemas.get(`${id}:${next.updatedAt.getTime()}`, next.schema);
      const stored = await deps.store.update(orgId, id, set);
      if (!stored) throw notFound('TRIGGER_NOT_FOUND', 'Trigger not found');
      changed(stored);
      return { ...toTriggerView(stored), ...(generated ? { secret: generated } : {}) };
    },

    async remove(orgId: string, id: string): Promise<TriggerView> {
      const current = await load(orgId, id);
      if (!(await deps.store.delete(orgId, id))) throw notFound('TRIGGER_NOT_FOUND', 'Trigger not found');
      changed(current);
      return toTriggerView(current);
    },

    /** Issues a new URL; the current one keeps working for the grace period, the one before stops now. */
    async rotateUrl(orgId: string, id: string, opts: { graceSeconds?: number } = {}) {
      const current = await load(orgId, id);
      const now = deps.clock.now();
      const grace = opts.graceSeconds !== undefined ? opts.graceSeconds * 1000 : graceMs;
      const stored = await deps.store.update(orgId, id, {
        tokenNonce: newNonce(),
        previousTokenNonce: current.tokenNonce,
        previousTokenExpiresAt: new Date(now.getTime() + grace),
        updatedAt: now,
      });
      if (!stored) throw notFound('TRIGGER_NOT_FOUND', 'Trigger not found');
      changed(stored);
      return { ...toTriggerView(stored), url: await urlFor(stored) };
    },
  };
}

export type TriggerService = ReturnType<typeof createTriggerService>;
