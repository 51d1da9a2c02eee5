import type { TableStats } from './table-stats.ts';
import type { CellLiveness, ColumnRecord, TableRecord } from './table-types.ts';

const ZERO = { running: 0, errored: 0 };

export function serializeColumn(c: ColumnRecord, liveness: CellLiveness = new Map(), opts: { revealSecret?: boolean } = {}) {
  const cells = liveness.get(c.id) ?? ZERO;
  return {
    object: 'column' as const,
    id: c.id,
    name: c.name,
    type: c.kind === 'input' ? 'static' : 'code',
    kind: c.kind,
    slug: c.slug,
    autoTrigger: c.kind === 'enrichment',
    credits: { lifetimeUsed: 0 },
    cells: { running: cells.running, errored: cells.errored },
    ...(c.enrichment
      ? {
          enrichment: {
            url: c.enrichment.url,
            timeoutMs: c.enrichment.timeoutMs,
            secretLast4: c.enrichment.secret.slice(-4),
            ...(opts.revealSecret ? { secret: c.enrichment.secret } : {}),
          },
        }
      : {}),
    createdAt: c.createdAt.toISOString(),
  };
}

export function serializeTable(t: TableRecord, opts: { publicUrl: string; liveness?: CellLiveness; revealSecrets?: boolean; stats?: TableStats }) {
  const liveness = opts.liveness ?? new Map();
  const columns = t.columns.map((c) => {
    const view = serializeColumn(c, liveness, { revealSecret: opts.revealSecrets });
    const stats = opts.stats?.columnStats.get(c.id);
    return stats ? { ...view, stats } : view;
  });
  return {
    object: 'table' as const,
    id: t.id,
    workspaceId: null,
    name: t.name,
    leadCount: Math.max(0, t.leadCount),
    columns,
    credits: { lifetimeUsed: 0 },
    cells: {
      running: columns.reduce((n, c) => n + c.cells.running, 0),
      errored: columns.reduce((n, c) => n + c.cells.errored, 0),
    },
    url: `${opts.publicUrl}/api/v2/tables/${t.id}`,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    ...(opts.stats ? { stats: opts.stats.stats } : {}),
  };
}

export type TableView = ReturnType<typeof serializeTable>;
export type ColumnView = ReturnType<typeof serializeColumn>;
