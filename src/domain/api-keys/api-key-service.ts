import { timingSafeEqual } from 'node:crypto';
import { notFound, unauthorized } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator, RandomBytes } from '../shared/ids.ts';
import { generateApiKey, hashApiKey, isWellFormedApiKey, KEY_PREFIX, keyLast4 } from './key-format.ts';
import type { Scope } from './scopes.ts';
import { insertOrFind } from '../shared/already-stored.ts';

export interface ApiKeyRecord {
  id: string;
  orgId: string;
  name: string;
  scopes: Scope[];
  hash: string;
  last4: string;
  rateLimitPerMinute: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Short-lived keys (minted for one agent run) stop working here; absent on ordinary keys. */
  expiresAt?: Date | null;
}

export interface ApiKeyStore {
  /** Inserts unless a key with the same hash exists; returns the stored record either way. */
  insertIfAbsent(record: ApiKeyRecord): Promise<ApiKeyRecord>;
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
  findById(orgId: string, id: string): Promise<ApiKeyRecord | null>;
  list(orgId: string, page: { limit: number; cursor?: string }): Promise<{ items: ApiKeyRecord[]; nextCursor: string | null }>;
  revoke(orgId: string, id: string, at: Date): Promise<ApiKeyRecord | null>;
  touchLastUsed(id: string, at: Date): Promise<void>;
}

export interface AuthContext {
  orgId: string;
  keyId: string;
  scopes: Scope[];
  rateLimitPerMinute: number | null;
  /** Short-lived keys (agent runs) expire; ordinary keys do not. */
  expiresAt?: Date | null;
  /** Present for a console portal session: the only areas its operations may belong to. */
  portal?: { sessionId: string; areas: string[] };
}

export interface ApiKeyView {
  object: 'api_key';
  id: string;
  name: string;
  scopes: Scope[];
  prefix: string;
  last4: string;
  rateLimitPerMinute: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const toApiKeyView = (r: ApiKeyRecord): ApiKeyView => ({
  object: 'api_key',
  id: r.id,
  name: r.name,
  scopes: r.scopes,
  prefix: KEY_PREFIX,
  last4: r.last4,
  rateLimitPerMinute: r.rateLimitPerMinute,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

export interface ApiKeyServiceDeps {
  store: ApiKeyStore;
  ids: IdGenerator;
  clock: Clock;
  random?: RandomBytes;
  /** How long a verified key is trusted without a store read; bounds cross-process revocation lag. */
  cacheMs?: number;
  /** last_used_at is written at most this often per key, never on every request. */
  touchEveryMs?: number;
}

export function createApiKeyService(deps: ApiKeyServiceDeps) {
  const cacheMs = deps.cacheMs ?? 5_000;
  const touchEveryMs = deps.touchEveryMs ?? 60_000;
  const cache = new Map<string, { record: ApiKeyRecord; until: number }>();
  const lastTouch = new Map<string, number>();

  async function lookup(hash: string): Promise<ApiKeyRecord | null> {
    const now = deps.clock.now().getTime();
    const hit = cache.get(hash);
    if (hit && hit.until > now) return hit.record;
    const record = await deps.store.findByHash(hash);
    if (record) cache.set(hash, { record, until: now + cacheMs });
    else cache.delete(hash);
    return record;
  }

  function touch(record: ApiKeyRecord): void {
    const now = deps.clock.now();
    const last = lastTouch.get(record.id) ?? record.lastUsedAt?.getTime() ?? 0;
    if (now.getTime() - last < touchEveryMs) return;
    lastTouch.set(record.id, now.getTime());
    // Fire and forget: usage tracking must never fail or slow a request.
    deps.store.touchLastUsed(record.id, now).catch(() => lastTouch.delete(record.id));
  }

  return {
    async create(orgId: string, input: { name: string; scopes: Scope[]; rateLimitPerMinute?: number; expiresAt?: Date }) {
      const key = generateApiKey(deps.random);
      const record: ApiKeyRecord = {
        id: deps.ids.uuid(),
        orgId,
        name: input.name,
        scopes: [...new Set(input.scopes)],
        hash: hashApiKey(key),
        last4: keyLast4(key),
        rateLimitPerMinute: input.rateLimitPerMinute ?? null,
        createdAt: deps.clock.now(),
        lastUsedAt: null,
        revokedAt: null,
        ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
      };
      // A retry of a create that took effect unseen answers it, without the secrets shown once.
      const stored = await insertOrFind(
        () => deps.store.insertIfAbsent(record),
        () => deps.store.findById(orgId, record.id),
      );
      // Only a retry under an idempotency claim meets a stored id, and its answer is
      // published without `key` (the replay rule); in-process callers never retry.
      if (stored) return toApiKeyView(stored) as ApiKeyView & { key: string };
      return { ...toApiKeyView(record), key };
    },

    /** Makes `key` an admin key of `orgId`; safe to call at every boot. */
    async ensureKey(orgId: string, key: string, name: string, scopes: Scope[]): Promise<ApiKeyRecord> {
      if (!isWellFormedApiKey(key)) throw new Error('not a well-formed og_live_ key');
      return deps.store.insertIfAbsent({
        id: deps.ids.uuid(),
        orgId,
        name,
        scopes,
        hash: hashApiKey(key),
        last4: keyLast4(key),
        rateLimitPerMinute: null,
        createdAt: deps.clock.now(),
        lastUsedAt: null,
        revokedAt: null,
      });
    },

    async list(orgId: string, page: { limit: number; cursor?: string }) {
      const result = await deps.store.list(orgId, page);
      return { items: result.items.map(toApiKeyView), nextCursor: result.nextCursor };
    },

    async get(orgId: string, id: string): Promise<ApiKeyView> {
      const record = await deps.store.findById(orgId, id);
      if (!record) throw notFound('API_KEY_NOT_FOUND', 'API key not found');
      return toApiKeyView(record);
    },

    async revoke(orgId: string, id: string): Promise<ApiKeyView> {
      const existing = await deps.store.findById(orgId, id);
      if (!existing) throw notFound('API_KEY_NOT_FOUND', 'API key not found');
      const revoked = existing.revokedAt ? existing : await deps.store.revoke(orgId, id, deps.clock.now());
      if (!revoked) throw notFound('API_KEY_NOT_FOUND', 'API key not found');
      cache.delete(revoked.hash);
      return toApiKeyView(revoked);
    },

    /** Resolves a presented bearer token to its organization and scopes, or throws 401. */
    async authenticate(presented: string | undefined): Promise<AuthContext> {
      if (!presented) throw unauthorized('Missing API key');
      if (!isWellFormedApiKey(presented)) throw unauthorized('Malformed API key');
      const hash = hashApiKey(presented);
      const record = await lookup(hash);
      if (!record || !timingSafeEqual(Buffer.from(record.hash), Buffer.from(hash))) throw unauthorized('Invalid API key');
      if (record.revokedAt) throw unauthorized('API key has been revoked');
      if (record.expiresAt && record.expiresAt.getTime() <= deps.clock.now().getTime()) throw unauthorized('API key has expired');
      touch(record);
      return {
        orgId: record.orgId,
        keyId: record.id,
        scopes: record.scopes,
        rateLimitPerMinute: record.rateLimitPerMinute,
        expiresAt: record.expiresAt ?? null,
      };
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
