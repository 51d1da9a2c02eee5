import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/shared/clock.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createLeadsTable, upsertPath } from './helpers.ts';

let gw: TestGateway;
const clock = manualClock(new Date());

beforeAll(async () => {
  gw = await startTestGateway({ clock });
});
afterAll(() => gw.close());

const leadCount = async (tableId: string) => (await gw.api.get(`/api/v2/tables/${tableId}`)).body.leadCount as number;

describe('leadCount after a crash between the row write and the counter', () => {
  it('is recounted by the recovery sweep once the table has been quiet', async () => {
    const table = await createLeadsTable(gw, [], 'lead-count');
    const rows = [1, 2, 3, 4].map((i) => ({ email: `l${i}@c.io` }));
    expect((await gw.api.post(upsertPath(table.id), { rows, matchColumns: ['email'], enrich: false })).status).toBe(201);
    expect(await leadCount(table.id)).toBe(4);
    // The crash gap: the rows were written but the $inc never happened (and a stray one did).
    await gw.db.collection('tables').updateOne({ _id: table.id as never }, { $inc: { leadCount: 37 } });
    expect(await leadCount(table.id)).toBe(41);
    // Within the quiet window a writer may still be mid-way: nothing is corrected yet.
    await gw.gateway.services.leadCountRecounter.recount();
    expect(await leadCount(table.id)).toBe(41);
    clock.advance(10 * 60_000);
    await gw.gateway.services.leadCountRecounter.recount();
    expect(await leadCount(table.id)).toBe(4);
  });

  it('leaves a table alone while a newer write has marked it, and recounts it once quiet', async () => {
    const table = await createLeadsTable(gw, [], 'lead-count-race');
    await gw.api.post(upsertPath(table.id), { rows: [{ email: 'a@r.io' }], matchColumns: ['email'], enrich: false });
    const repo = gw.db.collection('tables');
    const { leadCountStaleSince: since } = (await repo.findOne({ _id: table.id as never })) as unknown as { leadCountStaleSince: Date };
    expect(since).toBeInstanceOf(Date);
    clock.advance(10 * 60_000);
    // A newer write marks the table again before the sweep's compare-and-set lands.
    await gw.api.post(upsertPath(table.id), { rows: [{ email: 'b@r.io' }], matchColumns: ['email'], enrich: false });
    await repo.updateOne({ _id: table.id as never }, { $set: { leadCount: 99 } });
    await gw.gateway.services.leadCountRecounter.recount();
    expect(await leadCount(table.id)).toBe(99);
    clock.advance(10 * 60_000);
    await gw.gateway.services.leadCountRecounter.recount();
    expect(await leadCount(table.id)).toBe(2);
    expect(await repo.findOne({ _id: table.id as never, leadCountStaleSince: { $exists: true } })).toBeNull();
  });
});
