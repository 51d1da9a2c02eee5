import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrichmentRunStore } from '../../src/domain/enrichment-runs/enrichment-run-types.ts';
import type { RowStore } from '../../src/domain/rows/row-types.ts';
import { createUpsertRows } from '../../src/domain/rows/upsert-rows.ts';
import type { Clock } from '../../src/domain/shared/clock.ts';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import { createLeadCounter } from '../../src/domain/tables/lead-counter.ts';
import { createSecretBox } from '../../src/storage/encryption/secret-box.ts';
import { createEnrichmentRunsRepo } from '../../src/storage/repositories/enrichment-runs-repo.ts';
import { createRowsRepo } from '../../src/storage/repositories/rows-repo.ts';
import { createTablesRepo } from '../../src/storage/repositories/tables-repo.ts';
import { StoreUnavailableError, WriteOutcomeUnknownError } from '../../src/storage/store-errors.ts';
import { TEST_ENCRYPTION_KEY } from '../support/encryption-key.ts';
import { failedFirstAttempt } from '../support/failed-attempt.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createLeadsTable, upsertPath } from './helpers.ts';

// A row upsert whose first attempt died mid-write (half its rows stored, the rest
// unconfirmed), retried with the same Idempotency-Key and body. The first attempt runs
// through the domain over the real store, its row store failing part-way; the retry is
// the client's, over HTTP.

let gw: TestGateway;
let orgId: string;
beforeAll(async () => {
  gw = await startTestGateway();
  orgId = (await gw.gateway.services.organizations.ensure('default')).id;
});
afterAll(() => gw.close());

const ROWS = 6;
const outage = () => new StoreUnavailableError();

/** Stores the first `stored` rows of the write it is given, then fails with an unknown outcome. */
function diesMidWrite(real: RowStore, stored: number): RowStore {
  return {
    ...real,
    async write(org, tableId, writes) {
      await real.write(org, tableId, writes.slice(0, stored));
      throw new WriteOutcomeUnknownError();
    },
  };
}

async function firstAttemptDies(opts: { tableId: string; key: string; body: Record<string, unknown>; stored?: number; releaseFails?: boolean; clock?: Clock }) {
  const ids = createIdGenerator();
  const clock = opts.clock ?? { now: () => new Date() };
  const real = createEnrichmentRunsRepo(gw.db);
  const enrichmentRuns: EnrichmentRunStore = opts.releaseFails ? { ...real, release: () => Promise.reject(outage()) } : real;
  const upsert = createUpsertRows({
    tables: gw.gateway.services.tables,
    rows: diesMidWrite(createRowsRepo(gw.db), opts.stored ?? ROWS / 2),
    enrichmentRuns,
    leadCount: createLeadCounter({
      store: createTablesRepo(gw.db, { secrets: createSecretBox({ key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') }) }),
      clock,
      ensureSweep: async () => undefined,
    }),
    enrichment: { open: async () => null, start: async () => undefined },
    ids,
    clock,
  });
  const err = await failedFirstAttempt({ db: gw.db, orgId, ids, key: opts.key, path: upsertPath(opts.tableId), body: opts.body }, () =>
    upsert(orgId, opts.tableId, opts.body as never),
  );
  expect(err).toBeInstanceOf(StoreUnavailableError);
}

const body = (tag: string) => ({
  rows: Array.from({ length: ROWS }, (_, i) => ({ email: `${tag}${i}@retry.io`, name: `n${i}` })),
  matchColumns: ['email'],
  enrich: false,
});

async function storedRows(tableId: string) {
  const res = await gw.api.get(`/api/v2/tables/${tableId}/rows?limit=100`);
  expect(res.status).toBe(200);
  return res.body.items as { id: string }[];
}

describe('a row upsert whose first attempt died mid-write', () => {
  // Most rows stored: the ids the retry would mint for the rest are ones its first attempt gave stored rows.
  it.each([ROWS / 2, ROWS - 1])('is completed by its retry at once, each row once (%i rows stored)', async (stored) => {
    const table = await createLeadsTable(gw, [], `upsert retry ${stored}`);
    const key = `upsert-retry-${Math.random().toString(36).slice(2)}`;
    const tag = `a${stored}-`;
    await firstAttemptDies({ tableId: table.id, key, body: body(tag), stored });
    expect(await storedRows(table.id)).toHaveLength(stored);

    const retry = await gw.api.post(upsertPath(table.id), body(tag), { headers: { 'idempotency-key': key } });
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.body.counts.inserted + retry.body.counts.skipped).toBe(ROWS);
    expect(retry.body.counts.updated).toBe(0);
    const rows = await storedRows(table.id);
    expect(rows).toHaveLength(ROWS);
    expect(new Set(rows.map((r) => r.id)).size).toBe(ROWS);
    const run = await gw.api.get(`/api/v2/enrichment-runs/${retry.body.id}`);
    expect(run.status).toBe(200);
    const replay = await gw.api.post(upsertPath(table.id), body(tag), { headers: { 'idempotency-key': key } });
    expect(replay.headers['idempotency-replay']).toBe('true');
    expect(replay.body).toEqual(retry.body);
  });

  it('while its lease may still be held, answers 409 with Retry-After the lease left, and completes once the lease ends', async () => {
    const table = await createLeadsTable(gw, [], 'upsert lease');
    const key = `upsert-lease-${Math.random().toString(36).slice(2)}`;
    // The attempt's clock runs 57 s behind: its 60 s lease ends about 3 s from now.
    const started = Date.now();
    await firstAttemptDies({ tableId: table.id, key, body: body('b'), releaseFails: true, clock: { now: () => new Date(Date.now() - 57_000) } });
    const refused = await gw.api.post(upsertPath(table.id), body('b'), { headers: { 'idempotency-key': key } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('IDEMPOTENCY_ERROR');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil((started + 3_000 - Date.now()) / 1000) + 1);
    expect(refused.body.error).toContain(`${retryAfter} s`);
    expect(await storedRows(table.id)).toHaveLength(ROWS / 2);

    const deadline = Date.now() + 20_000;
    let retry = refused;
    while (retry.status === 409 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      retry = await gw.api.post(upsertPath(table.id), body('b'), { headers: { 'idempotency-key': key } });
    }
    expect(retry.status, JSON.stringify([retry.body, retry.headers])).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(await storedRows(table.id)).toHaveLength(ROWS);
  });
});
