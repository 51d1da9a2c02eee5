import type { Db } from 'mongodb';
import { withTimeout } from '../domain/shared/with-timeout.ts';
import type { ReadinessProbe } from '../http/routes/operations-routes.ts';
import type { Scheduler } from '../jobs/scheduler.ts';
import type { StoreAvailability } from '../storage/store-health.ts';

/** `/readyz`: the database answers a ping (at once false while the store monitor reports an outage) and the scheduler runs. */
export function createReadiness(deps: { db: Db; scheduler: Scheduler; store?: StoreAvailability }): ReadinessProbe {
  return {
    async checks() {
      const database =
        deps.store?.isAvailable() !== false &&
        (await withTimeout(deps.db.command({ ping: 1 }), 2_000)
          .then(() => true)
          .catch((err: unknown) => {
            deps.store?.report(err);
            return false;
          }));
      return { database, scheduler: deps.scheduler.isRunning() };
    },
  };
}
