import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A registry per gateway instance: two apps in one test process never share counters. */
export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'og_' });
  const requests = new Counter({
    name: 'og_http_requests_total',
    help: 'HTTP requests by operation and status',
    labelNames: ['operation', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'og_http_request_duration_seconds',
    help: 'HTTP request latency by operation',
    labelNames: ['operation', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    observeRequest(operation: string, status: number, seconds: number) {
      const labels = { operation, status: String(status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    },
    counter(name: string, help: string, labelNames: string[] = []) {
      return new Counter({ name, help, labelNames, registers: [registry] });
    },
    gauge(name: string, help: string, collect?: (g: Gauge) => Promise<void> | void, labelNames: string[] = []) {
      return new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        ...(collect
          ? {
              collect(this: Gauge) {
                return collect(this);
              },
            }
          : {}),
      });
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
