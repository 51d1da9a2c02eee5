import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchKey, matchTokens } from '../../src/domain/rows/match-keys.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createLeadsTable, upsertPath } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

interface StoredRow {
  _id: string;
  orgId: string;
  cells: Record<string, unknown>;
  matchTokens: string[];
  matchKey?: string;
  matchSig?: string[];
}

describe('concurrent updates of one row', () => {
  it('keep the stored match hashes equal to the cells, so the new key finds the row', async () => {
    const table = await createLeadsTable(gw, [], 'hash-race');
    const col = (slug: string) => (table.columns.find((c) => c.slug === slug) as { id: string }).id;
    const companies = ['Acme', 'Globex'];
    const seed = await gw.api.post(upsertPath(table.id), {
      rows: companies.map((company, i) => ({ company, email: `seed${i}@h.io`, name: 'seed' })),
      matchColumns: ['company'],
      enrich: false,
    });
    expect(seed.status).toBe(201);
    // Per row, half the requests change the email (a match column of later upserts) and
    // half the name, all found through the unchanging company.
    const requests = companies.flatMap((company, r) =>
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? { company, email: `r${r}-e${i}@h.io` } : { company, name: `r${r}-n${i}` })),
    );
    const results = await Promise.all(requests.map((row) => gw.api.post(upsertPath(table.id), { rows: [row], matchColumns: ['company'], enrich: false })));
    expect(results.map((r) => r.status)).toEqual(requests.map(() => 201));
    expect(results.every((r) => r.body.counts.inserted === 0)).toBe(true);

    const inputIds = new Set(table.columns.filter((c) => c.kind === 'input').map((c) => c.id));
    const stored = (await gw.db.collection('rows').find({ tableId: table.id, deletedAt: null }).toArray()) as unknown as StoredRow[];
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      expect([...row.matchTokens].sort()).toEqual(matchTokens(row.orgId, table.id, inputIds, row.cells).sort());
      if (row.matchKey) {
        const sig = row.matchSig as string[];
        expect(row.matchKey).toBe(
          matchKey(
            row.orgId,
            table.id,
            sig,
            sig.map((id) => row.cells[id]),
          ),
        );
      }
    }

    // A follow-up upsert by each row's final email finds it: no duplicate.
    const finals = stored.map((r) => ({ email: r.cells[col('email')] as string, name: 'final' }));
    const follow = await gw.api.post(upsertPath(table.id), { rows: finals, matchColumns: ['email'], enrich: false });
    expect(follow.status).toBe(201);
    expect(follow.body.counts).toMatchObject({ inserted: 0, updated: 2 });
    expect((await gw.api.get(`/api/v2/tables/${table.id}/rows`)).body.total).toBe(2);
  });
});
