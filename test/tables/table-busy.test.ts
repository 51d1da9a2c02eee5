import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableService } from '../../src/domain/tables/table-service.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import { createTablesRepo } from '../../src/storage/repositories/tables-repo.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createLeadsTable } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe('409 TABLE_BUSY', () => {
  it('answers a column update that keeps losing to concurrent table writes', async () => {
    const table = await createLeadsTable(gw, [], 'busy');
    const column = table.columns[0];
    const orgId = (await gw.gateway.services.organizations.ensure('default')).id;
    const real = createTablesRepo(gw.db, { secrets: gw.gateway.services.secrets });
    // The real store, with another writer renaming the table right after every read: the
    // deterministic form of a table changing between the read and the conditional write.
    let renames = 0;
    const contended = {
      ...real,
      async findById(o: string, id: string) {
        const read = await real.findById(o, id);
        renames += 1;
        await real.rename(o, id, `busy ${renames}`, new Date(Date.now() + renames));
        return read;
      },
    };
    const service = createTableService({
      store: contended,
      activity: { liveness: gw.gateway.services.tableRunReads.liveness, cancel: gw.gateway.services.cellRunCancellation.cancel },
      ids: createIdGenerator(),
      clock: systemClock,
      publicUrl: gw.config.publicUrl,
      generateSecret: () => 'whsec_unused',
      allowPrivateNetwork: gw.config.allowPrivateNetwork,
    });
    await expect(service.updateColumn(orgId, table.id, column.id, { name: 'Renamed' })).rejects.toMatchObject({ status: 409, code: 'TABLE_BUSY' });
    expect(renames).toBe(5);
    // Nothing was written, and without the contention the same update goes through.
    const after = await gw.api.get(`/api/v2/tables/${table.id}/columns`);
    expect(after.body.items.find((c: { id: string }) => c.id === column.id).name).toBe('Email');
    const ok = await gw.api.patch(`/api/v2/tables/${table.id}/columns/${column.id}`, { name: 'Renamed' });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('Renamed');
  });
});
