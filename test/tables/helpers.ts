import type { TestGateway } from '../support/test-gateway.ts';

export interface ColumnSpec {
  name: string;
  slug?: string;
  kind: 'input' | 'enrichment';
  enrichment?: { url: string; timeoutMs?: number };
}

/** A table with input columns `email`, `name`, `company` (and any extra columns given). */
export async function createLeadsTable(gw: TestGateway, extra: ColumnSpec[] = [], name = 'Leads') {
  const res = await gw.api.post('/api/v2/tables', {
    name,
    columns: [
      { name: 'Email', slug: 'email', kind: 'input' },
      { name: 'Name', slug: 'name', kind: 'input' },
      { name: 'Company', slug: 'company', kind: 'input' },
      ...extra,
    ],
  });
  if (res.status !== 201) throw new Error(`createTable answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; columns: { id: string; slug: string; kind: string; enrichment?: { secret?: string } }[] };
}

export const upsertPath = (tableId: string) => `/api/v2/tables/${tableId}/rows/upsert`;
