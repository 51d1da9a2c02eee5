import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe('list envelope and cursors', () => {
  it('walks 4 pages in creation order, with the url and a null cursor at the end', async () => {
    for (let i = 0; i < 6; i++) await gw.api.post('/api/v2/api-keys', { name: `k${i}`, scopes: ['read'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await gw.api.get(`/api/v2/api-keys?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.object).toBe('list');
      expect(res.body.url).toBe('/api/v2/api-keys');
      seen.push(...res.body.items.map((k: { id: string }) => k.id));
      cursor = res.body.nextCursor;
      pages += 1;
      // Inserting while paging never shifts a page boundary.
      if (pages === 1) await gw.api.post('/api/v2/api-keys', { name: 'late', scopes: ['read'] });
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(8);
    expect([...seen].sort()).toEqual(seen);
  });

  it('rejects a cursor it did not issue', async () => {
    const res = await gw.api.get('/api/v2/api-keys?cursor=garbage');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
  });
});
