import { createRateLimiter } from '../http/rate-limit/rate-limiter.ts';
import { createRateLimitRepo } from '../storage/repositories/rate-limit-repo.ts';
import { createTriggerEventsRepo } from '../storage/repositories/trigger-events-repo.ts';
import { createTriggersRepo } from '../storage/repositories/triggers-repo.ts';
import type { ReplyHandler, RowUpserter } from '../triggers/actions.ts';
import { loadTriggerSecret } from '../triggers/server-secret.ts';
import { createTriggerModule } from '../triggers/trigger-module.ts';
import type { ModuleDeps } from './module-deps.ts';

/** Trigger URLs on their repositories; the actions' collaborators come from the modules built before. */
export function createTriggersModule(
  deps: ModuleDeps & {
    rows: RowUpserter;
    replies: ReplyHandler;
    requireTable: (orgId: string, tableId: string) => Promise<unknown>;
  },
) {
  return createTriggerModule({
    triggers: createTriggersRepo(deps.db, { secrets: deps.secrets }),
    triggerEvents: createTriggerEventsRepo(deps.db, { outbox: deps.outbox }),
    outbox: deps.outbox,
    agenda: deps.scheduler.agenda,
    ids: deps.ids,
    clock: deps.clock,
    logger: deps.logger,
    publicUrl: deps.config.publicUrl,
    loadSecret: () => loadTriggerSecret(deps.db, deps.config.triggerSecret, deps.secrets),
    limiter: createRateLimiter({ store: createRateLimitRepo(deps.db), clock: deps.clock }),
    defaultRateLimitPerMinute: deps.config.rateLimitOrgPerMinute,
    // OG_RETRY_SCHEDULE's first slot is the immediate attempt; the rest are retry delays.
    retryDelaysMs: (deps.config.retryScheduleSeconds?.slice(1) ?? [5, 30, 120, 600, 1800]).map((s) => s * 1000),
    rows: deps.rows,
    replies: deps.replies,
    requireTable: deps.requireTable,
  });
}
