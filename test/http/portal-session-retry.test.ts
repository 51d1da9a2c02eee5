import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortalSessionService, type PortalSessionStore } from '../../src/domain/portal-sessions/portal-session-service.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import { createPortalSessionsRepo } from '../../src/storage/repositories/portal-sessions-repo.ts';
import { StoreUnavailableError, WriteOutcomeUnknownError } from '../../src/storage/store-errors.ts';
import { failedFirstAttempt } from '../support/failed-attempt.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// A portal session create whose first attempt failed with a 5xx, before its write or
// after it (stored, but not confirmed), retried with the same Idempotency-Key and body.
// The first attempt runs through the domain over the real store, with the store port
// failing where the test says; the retry is the client's, over HTTP.

let gw: TestGateway;
let orgId: string;
beforeAll(async () => {
  gw = await startTestGateway();
  orgId = (await gw.gateway.services.organizations.ensure('default')).id;
});
afterAll(() => gw.close());

const PATH = '/api/v2/portal-sessions';
const tokenOf = (url: string) => /#portal=(og_portal_[A-Za-z0-9_-]+)$/.exec(url)?.[1] ?? '';

function failingStore(real: PortalSessionStore, when: 'before' | 'after'): PortalSessionStore {
  return {
    ...real,
    async insert(record) {
      if (when === 'before') throw new StoreUnavailableError();
      await real.insert(record);
      throw new WriteOutcomeUnknownError();
    },
  };
}

/** Returns the token the failed attempt minted (and never showed). */
async function firstAttemptFails(key: string, body: Record<string, unknown>, when: 'before' | 'after'): Promise<string> {
  const ids = createIdGenerator();
  let minted = '';
  const sessions = createPortalSessionService({
    store: failingStore(createPortalSessionsRepo(gw.db), when),
    ids,
    clock: systemClock,
    random: (size) => {
      const bytes = randomBytes(size);
      minted = `og_portal_${bytes.toString('base64url')}`;
      return bytes;
    },
    publicUrl: gw.config.publicUrl,
  });
  const err = await failedFirstAttempt({ db: gw.db, orgId, ids, key, path: PATH, body }, () => sessions.create(orgId, 'key-id', body as never));
  expect(err).toBeInstanceOf(StoreUnavailableError);
  return minted;
}

describe('a portal session create retried after a 5xx', () => {
  for (const when of ['after', 'before'] as const) {
    it(`answers one session with a working URL, shown once (first attempt failed ${when} its write)`, async () => {
      const key = `portal-retry-${when}-${Math.random().toString(36).slice(2)}`;
      const body = { scopes: ['webhooks', 'triggers'], expiresInSeconds: 600 };
      const before = await gw.db.collection('portal_sessions').countDocuments();
      const unseen = await firstAttemptFails(key, body, when);
      expect(await gw.db.collection('portal_sessions').countDocuments()).toBe(before + (when === 'after' ? 1 : 0));

      const retry = await gw.api.post(PATH, body, { headers: { 'idempotency-key': key } });
      expect(retry.status, JSON.stringify(retry.body)).toBe(201);
      expect(retry.headers['idempotency-replay']).toBeUndefined();
      expect(retry.body).toMatchObject({ object: 'portal_session', scopes: ['webhooks', 'triggers'] });
      const token = tokenOf(retry.body.url);
      expect(token).not.toBe('');
      const who = await gw.api.get('/api/v2/whoami', { key: token });
      expect(who.status).toBe(200);
      expect(who.body).toMatchObject({ kind: 'portal_session', areas: ['webhooks', 'triggers'] });
      // The token of the failed attempt, never shown to anyone, does not open it.
      expect((await gw.api.get('/api/v2/whoami', { key: unseen })).status).toBe(401);
      // One session: the first attempt's, when it was stored.
      expect(await gw.db.collection('portal_sessions').countDocuments()).toBe(before + 1);
      expect(await gw.db.collection('portal_sessions').countDocuments({ _id: retry.body.id })).toBe(1);

      // From then on a replay: the same session, its URL not shown again.
      const replay = await gw.api.post(PATH, body, { headers: { 'idempotency-key': key } });
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotency-replay']).toBe('true');
      const { url: _shown, ...rest } = retry.body;
      expect(replay.body).toEqual(rest);
      expect(JSON.stringify(await gw.db.collection('idempotency_keys').find({}).toArray())).not.toContain(token);
    });
  }
});
