import { notFound, validationError } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import { toDeliveryDetailView, toDeliveryView, toRecoveryView } from './serializers.ts';
import type { DeliveryFilter, DeliveryStatus, DeliveryStore, EndpointStore, RecoveryRecord, RecoveryStore } from './types.ts';
import { insertOrFind } from '../shared/already-stored.ts';

/** Windows with at most this many deliveries are recovered inside the request. */
export const INLINE_RECOVERY_LIMIT = 100;
const RECOVERY_PAGE = 100;

export interface DeliveryServiceDeps {
  endpoints: EndpointStore;
  deliveries: DeliveryStore;
  recoveries: RecoveryStore;
  ids: IdGenerator;
  clock: Clock;
  retentionMs: number;
  /** Attempts a due delivery in the background (the lease decides which process). */
  dispatchSoon(orgId: string, deliveryId: string): void;
  /** Runs a large recovery as a background job. */
  scheduleRecovery(orgId: string, recoveryId: string): Promise<void>;
}

/** The organization-wide list's filters, as the query string has them. */
export interface DeliveryQuery {
  endpointId?: string;
  eventId?: string;
  eventType?: string;
  status?: DeliveryStatus;
  createdAfter?: string;
  createdBefore?: string;
}

const DELIVERY_NOT_FOUND = () => notFound('WEBHOOK_DELIVERY_NOT_FOUND', 'Webhook delivery not found');
const ENDPOINT_NOT_FOUND = () => notFound('WEBHOOK_ENDPOINT_NOT_FOUND', 'Webhook endpoint not found');

export function createDeliveryService(deps: DeliveryServiceDeps) {
  async function restart(orgId: string, id: string) {
    const now = deps.clock.now();
    const restarted = await deps.deliveries.restart(orgId, id, now, new Date(now.getTime() + deps.retentionMs));
    if (restarted) deps.dispatchSoon(orgId, id);
    return restarted;
  }

  /** Restarts the window's failed deliveries page by page, saving progress (resumable). */
  async function runRecovery(orgId: string, id: string): Promise<RecoveryRecord> {
    let r = await deps.recoveries.findById(orgId, id);
    if (!r) throw new Error(`recovery ${id} vanished`);
    while (r.status === 'running') {
      const page = await deps.deliveries.failedInWindow(orgId, r.endpointId, r.since, r.until, r.lastDeliveryId, RECOVERY_PAGE);
      for (const d of page) await restart(orgId, d.id);
      const done = page.length < RECOVERY_PAGE;
      const now = deps.clock.now();
      r = (await deps.recoveries.progress(orgId, id, {
        processed: r.processed + page.length,
        lastDeliveryId: page.at(-1)?.id ?? r.lastDeliveryId,
        updatedAt: now,
        ...(done ? { status: 'completed' as const, completedAt: now } : {}),
      }))!;
    }
    return r;
  }

  /**
   * Every delivery of the organization; `endpointId` filters without an existence check,
   * since a deleted endpoint's history is kept and stays searchable.
   */
  async function listAll(orgId: string, query: DeliveryQuery, page: { limit: number; cursor?: string }) {
    const createdAfter = query.createdAfter === undefined ? undefined : new Date(query.createdAfter);
    const createdBefore = query.createdBefore === undefined ? undefined : new Date(query.createdBefore);
    if (createdAfter && createdBefore && !(createdAfter < createdBefore)) {
      throw validationError('createdAfter must be before createdBefore', {
        in: 'query',
        issues: [{ path: 'query.createdAfter', message: 'must be before createdBefore' }],
      });
    }
    return listPage(
      orgId,
      { endpointId: query.endpointId, eventId: query.eventId, eventType: query.eventType, status: query.status, createdAfter, createdBefore },
      page,
    );
  }

  async function listPage(orgId: string, filter: DeliveryFilter, page: { limit: number; cursor?: string }) {
    const result = await deps.deliveries.list(orgId, filter, page);
    return { items: result.items.map(toDeliveryView), nextCursor: result.nextCursor };
  }

  return {
    runRecovery,
    /** One endpoint's deliveries (404 if the endpoint is gone); listAll is the organization's. */
    async list(orgId: string, endpointId: string, query: Omit<DeliveryQuery, 'endpointId'>, page: { limit: number; cursor?: string }) {
      if (!(await deps.endpoints.findById(orgId, endpointId))) throw ENDPOINT_NOT_FOUND();
      return listAll(orgId, { ...query, endpointId }, page);
    },

    listAll,

    async get(orgId: string, id: string) {
      const d = await deps.deliveries.findById(orgId, id);
      if (!d) throw DELIVERY_NOT_FOUND();
      return toDeliveryDetailView(d);
    },

    /** A new attempt cycle with the same webhook-id; a delivery still pending is left as it is. */
    async redeliver(orgId: string, id: string) {
      const existing = await deps.deliveries.findById(orgId, id);
      if (!existing) throw DELIVERY_NOT_FOUND();
      if (!(await deps.endpoints.findById(orgId, existing.endpointId))) throw ENDPOINT_NOT_FOUND();
      const restarted = await restart(orgId, id);
      return toDeliveryView(restarted ?? existing);
    },

    async recover(orgId: string, endpointId: string, input: { since: string; until?: string }) {
      if (!(await deps.endpoints.findById(orgId, endpointId))) throw ENDPOINT_NOT_FOUND();
      const now = deps.clock.now();
      const since = new Date(input.since);
      const until = input.until ? new Date(input.until) : now;
      if (!(since < until))
        throw validationError('since must be before until', { in: 'body', issues: [{ path: 'body.since', message: 'must be before until' }] });
      const total = await deps.deliveries.countFailedInWindow(orgId, endpointId, since, until);
      const record: RecoveryRecord = {
        id: deps.ids.uuid(),
        orgId,
        endpointId,
        since,
        until,
        status: 'running',
        total,
        processed: 0,
        lastDeliveryId: null,
        createdAt: now,
        updatedAt: now,
        completedAt: null,
      };
      // A retry of a recovery that started unseen answers it.
      const stored = await insertOrFind(
        () => deps.recoveries.insert(record),
        () => deps.recoveries.findById(orgId, record.id),
      );
      if (stored) return toRecoveryView(stored);
      if (total <= INLINE_RECOVERY_LIMIT) return toRecoveryView(await runRecovery(orgId, record.id));
      await deps.scheduleRecovery(orgId, record.id);
      return toRecoveryView(record);
    },

    async getRecovery(orgId: string, endpointId: string, id: string) {
      const r = await deps.recoveries.findById(orgId, id);
      if (!r || r.endpointId !== endpointId) throw notFound('WEBHOOK_RECOVERY_NOT_FOUND', 'Recovery not found');
      return toRecoveryView(r);
    },
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
