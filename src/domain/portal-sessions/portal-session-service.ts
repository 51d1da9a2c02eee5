import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { unauthorized } from '../errors.ts';
import type { AuthContext } from '../api-keys/api-key-service.ts';
import type { Clock } from '../shared/clock.ts';
import { AlreadyStoredError, insertOrFind } from '../shared/already-stored.ts';
import type { IdGenerator, RandomBytes } from '../shared/ids.ts';

export type PortalArea = 'webhooks' | 'events' | 'triggers';

export const PORTAL_PREFIX = 'og_portal_';
const TOKEN_RE = /^og_portal_[A-Za-z0-9_-]{43}$/;
const DEFAULT_TTL_SECONDS = 3_600;

export interface PortalSessionRecord {
  id: string;
  orgId: string;
  hash: string;
  areas: PortalArea[];
  createdByKeyId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface PortalSessionStore {
  insert(record: PortalSessionRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<PortalSessionRecord | null>;
  findByHash(hash: string): Promise<PortalSessionRecord | null>;
  /** Replaces the session's token hash, if it still is `fromHash`; false otherwise. */
  reissue(orgId: string, id: string, fromHash: string, toHash: string): Promise<boolean>;
}

export const isPortalToken = (token: string): boolean => token.startsWith(PORTAL_PREFIX);
const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Console portal sessions: a bearer token for one organization's console, limited to
 * some areas and a lifetime. It is a different credential from an API key on purpose:
 * it cannot be mistaken for one, and the operations it reaches are listed in the spec.
 */
export function createPortalSessionService(deps: { store: PortalSessionStore; ids: IdGenerator; clock: Clock; random?: RandomBytes; publicUrl: string }) {
  const random = deps.random ?? randomBytes;
  return {
    async create(orgId: string, createdByKeyId: string, input: { scopes?: PortalArea[]; expiresInSeconds?: number } | null | undefined) {
      const token = `${PORTAL_PREFIX}${random(32).toString('base64url')}`;
      const now = deps.clock.now();
      let record: PortalSessionRecord = {
        id: deps.ids.uuid(),
        orgId,
        hash: hashToken(token),
        areas: [...new Set(input?.scopes ?? ['webhooks'])] as PortalArea[],
        createdByKeyId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + (input?.expiresInSeconds ?? DEFAULT_TTL_SECONDS) * 1000),
      };
      const stored = await insertOrFind(
        () => deps.store.insert(record),
        () => deps.store.findById(orgId, record.id),
      );
      if (stored) {
        // Only the retry of a request whose answer was never given (under its
        // Idempotency-Key's claim) meets a stored id, so the token stored with it reached
        // nobody: the session gets this attempt's token, shown once here, and the unseen
        // one stops working. Without a URL the session would be of no use to anyone.
        if (!(await deps.store.reissue(orgId, stored.id, stored.hash, record.hash))) throw new AlreadyStoredError(stored.id);
        record = { ...stored, hash: record.hash };
      }
      // In the fragment: browsers never send it, so it stays out of access logs and Referer.
      const url = `${deps.publicUrl.replace(/\/+$/, '')}/console/#portal=${token}`;
      return {
        object: 'portal_session' as const,
        id: record.id,
        url,
        scopes: record.areas,
        expiresAt: record.expiresAt.toISOString(),
        createdAt: record.createdAt.toISOString(),
      };
    },

    /** Resolves a presented `og_portal_` token, or throws 401. */
    async authenticate(token: string): Promise<AuthContext> {
      if (!TOKEN_RE.test(token)) throw unauthorized('Malformed portal session token');
      const hash = hashToken(token);
      const record = await deps.store.findByHash(hash);
      if (!record || !timingSafeEqual(Buffer.from(record.hash), Buffer.from(hash))) throw unauthorized('Invalid portal session token');
      if (record.expiresAt.getTime() <= deps.clock.now().getTime()) throw unauthorized('The portal session has expired');
      return {
        orgId: record.orgId,
        keyId: `portal:${record.id}`,
        // Within its areas a session manages what an admin key would; the areas are the limit.
        scopes: ['admin'],
        rateLimitPerMinute: null,
        expiresAt: record.expiresAt,
        portal: { sessionId: record.id, areas: record.areas },
      };
    },
  };
}

export type PortalSessionService = ReturnType<typeof createPortalSessionService>;
