import { OutboundError, type OutboundClient } from '../../outbound/http-client.ts';
import { signedHeaders } from '../../outbound/signing.ts';
import type { ColumnRecord, TableRecord } from '../tables/table-types.ts';
import type { RowRecord } from '../rows/row-types.ts';
import type { CellRunRecord } from './table-run-types.ts';

export type CallResult = { ok: true; value: unknown } | { ok: false; retryable: boolean; error: string };

const MAX_RESPONSE_BYTES = 256 * 1024;

/** The request an enrichment endpoint receives: the row's input cells keyed by slug. */
export function enrichmentRequestBody(table: TableRecord, column: ColumnRecord, row: RowRecord, cell: CellRunRecord) {
  const cells: Record<string, unknown> = {};
  for (const c of table.columns) if (c.kind === 'input') cells[c.slug] = row.cells[c.id] ?? null;
  return {
    type: 'enrichment.cell.requested',
    cellRunId: cell.id,
    tableRunId: cell.tableRunId,
    attempt: cell.attempts,
    table: { id: table.id, name: table.name },
    column: { id: column.id, slug: column.slug, name: column.name },
    row: { id: row.id, cells },
  };
}

/**
 * POSTs one cell's request, signed like a webhook with the column's secret (the
 * `webhook-id` is the cell run id, stable across retries). A 2xx JSON body is the value.
 */
export async function callEnrichment(
  client: OutboundClient,
  args: { table: TableRecord; column: ColumnRecord; row: RowRecord; cell: CellRunRecord; nowSeconds: number },
): Promise<CallResult> {
  const settings = args.column.enrichment;
  if (!settings) return { ok: false, retryable: false, error: 'column has no enrichment settings' };
  const body = JSON.stringify(enrichmentRequestBody(args.table, args.column, args.row, args.cell));
  try {
    const res = await client.send({
      url: settings.url,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'og-gateway-enrichment',
        ...signedHeaders([settings.secret], args.cell.id, args.nowSeconds, body),
      },
      body,
      timeoutMs: settings.timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
    if (res.status >= 200 && res.status < 300) {
      const text = res.body.toString('utf8');
      if (text.trim() === '') return { ok: true, value: null };
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return { ok: false, retryable: false, error: `HTTP ${res.status} with a body that is not JSON` };
      }
    }
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    return { ok: false, retryable, error: `HTTP ${res.status}` };
  } catch (err) {
    if (err instanceof OutboundError) {
      return { ok: false, retryable: err.kind === 'timeout' || err.kind === 'network', error: `${err.kind}: ${err.message}` };
    }
    throw err;
  }
}
