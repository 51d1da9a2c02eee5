import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/domain/rows/csv.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createTrigger, postHook, settledEvent } from '../triggers/support.ts';
import { createLeadsTable, upsertPath } from './helpers.ts';

// Row values can come from anyone who posts to a trigger URL; a CSV export opened in a
// spreadsheet must not run them as formulas.

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

async function exportCsv(tableId: string): Promise<string[][]> {
  const res = await supertest(gw.callback as never)
    .get(`/api/v2/tables/${tableId}/rows?format=csv`)
    .set('authorization', `Bearer ${gw.adminKey}`)
    .buffer(true)
    .parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => cb(null, text));
    });
  expect(res.status).toBe(200);
  const [header, ...records] = parseCsv(res.body as string);
  return [header, ...records.sort((a, b) => (a[1] < b[1] ? -1 : 1))];
}

describe('format=csv row exports', () => {
  it("prefix text cells that begin with =, +, -, @, tab or CR with '", async () => {
    const t = await createLeadsTable(gw, [], 'csv-injection');
    const names = ['=HYPERLINK("http://evil.example","click")', '+1+cmd|calc', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1', 'Ada = safe'];
    const rows = names.map((name, i) => ({ email: `r${i}@x.io`, name, company: i === 0 ? -5 : 'Acme' }));
    const up = await gw.api.post(upsertPath(t.id), { rows, matchColumns: ['email'], enrich: false });
    expect(up.status).toBe(201);
    const records = await exportCsv(t.id);
    expect(records[0]).toEqual(['id', 'email', 'name', 'company']);
    expect(records.slice(1).map((r) => r[2])).toEqual(names.map((n) => (n === 'Ada = safe' ? n : `'${n}`)));
    expect(records[1][3]).toBe('-5');
  });

  it('neutralises values that arrived through a trigger URL too', async () => {
    const t = await createLeadsTable(gw, [], 'csv-trigger');
    const trigger = await createTrigger(gw, { name: 'csv', action: 'rows.upsert', tableId: t.id, matchColumns: ['email'] });
    const posted = await postHook(gw, trigger.url, JSON.stringify({ email: 'ext@x.io', name: '=cmd|" /C calc"!A0' }));
    expect(posted.status).toBe(202);
    expect((await settledEvent(gw, trigger.id, posted.body.id)).status).toBe('processed');
    const records = await exportCsv(t.id);
    expect(records[1][2]).toBe(`'=cmd|" /C calc"!A0`);
  });
});
