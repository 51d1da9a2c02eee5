import type { Metrics } from '../../observability/metrics.ts';
import { ok, type HandlerMap } from '../handler-types.ts';

export interface ReadinessProbe {
  /** Named checks; each resolves true when healthy. */
  checks(): Promise<Record<string, boolean>>;
}

export function operationsRoutes(deps: { readiness: ReadinessProbe; metrics: Metrics }): HandlerMap {
  return {
    getHealth: async () => ok({ status: 'ok' }),
    getReadiness: async () => {
      const results = await deps.readiness.checks();
      const healthy = Object.values(results).every(Boolean);
      const checks = Object.fromEntries(Object.entries(results).map(([name, up]) => [name, up ? 'ok' : 'failing']));
      return { status: healthy ? 200 : 503, body: { status: healthy ? 'ready' : 'not_ready', checks } };
    },
    getMetrics: async () => ({
      status: 200,
      body: await deps.metrics.render(),
      headers: { 'content-type': deps.metrics.contentType },
    }),
  };
}
