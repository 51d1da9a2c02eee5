import type { Load } from './load.ts';
import type { SoakReceiver } from './receiver.ts';

export interface Timeline {
  start: number;
  loadEnd: number;
  gatewayKillAt?: number;
  gatewayBackAt?: number;
  dbKillAt?: number;
  dbBackAt?: number;
  dbReadyAt?: number;
  drainEnd?: number;
}

// After the database is back and both gateways report ready, requests already waiting
// may still be answered 5xx for a moment; 10 s of that count as inside the window.
const WINDOW_TAIL_MS = 10_000;

const pct = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);

function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')).join('\n');
}

/** Prints the run's report; true when it passes. */
export function printReport(input: {
  load: Load;
  receiver: SoakReceiver;
  rows: { trigger: Map<string, string>; api: Map<string, string> };
  timeline: Timeline;
  drainMs: number;
  statuses: Map<string, number>;
}): boolean {
  const { load, receiver, rows, timeline: t } = input;
  const rel = (at?: number) => (at === undefined ? '-' : `${((at - t.start) / 1000).toFixed(1)} s`);
  const windowStart = t.dbKillAt ?? Infinity;
  const windowEnd = (t.dbReadyAt ?? t.loadEnd) + WINDOW_TAIL_MS;
  const inWindow = (at: number) => at >= windowStart && at <= windowEnd;

  console.log(
    `\ntimeline: load ${rel(t.start)}–${rel(t.loadEnd)}; gateway A SIGKILL at ${rel(t.gatewayKillAt)}, ready again ${rel(t.gatewayBackAt)}; ` +
      `database SIGKILL at ${rel(t.dbKillAt)}, restarted ${rel(t.dbBackAt)}, both gateways ready ${rel(t.dbReadyAt)}; kill window ${rel(windowStart)}–${rel(windowEnd)}`,
  );

  const arrivals = [...receiver.arrivals.values()];
  const eventArrivals = new Map(arrivals.filter((a) => a.type === 'trigger.received' && a.dataId).map((a) => [a.dataId!, a]));
  const lostEvents = [...load.acked.events.keys()].filter((id) => !eventArrivals.has(id));
  const lostTests = [...load.acked.tests.keys()].filter((id) => !receiver.arrivals.has(id));
  const lostTriggerRows = [...load.acked.triggerRows.keys()].filter((k) => !rows.trigger.has(k));
  const lostApiRows = [...load.acked.apiRows.keys()].filter((k) => !rows.api.has(k));
  const staleTrigger = [...load.acked.triggerRows].filter(([k, v]) => rows.trigger.has(k) && rows.trigger.get(k) !== v && !load.acked.uncertain.has(`t:${k}`));
  const staleApi = [...load.acked.apiRows].filter(([k, v]) => rows.api.has(k) && rows.api.get(k) !== v && !load.acked.uncertain.has(`a:${k}`));
  const expectedIds = [...load.acked.events.keys()]
    .map((id) => eventArrivals.get(id))
    .concat([...load.acked.tests.keys()].map((id) => receiver.arrivals.get(id)));
  const lastExpected = Math.max(t.loadEnd, ...expectedIds.filter((a) => a).map((a) => a!.firstOkAt));
  const lost = lostEvents.length + lostTests.length + lostTriggerRows.length + lostApiRows.length;

  console.log(
    `\nacknowledged: ${load.acked.events.size} event-trigger posts, ${load.acked.tests.size} webhook tests, ` +
      `${load.acked.triggerRows.size} rows via the rows.upsert trigger, ${load.acked.apiRows.size} rows via the API (${load.acked.unansweredWrites} writes never acknowledged after retries)`,
  );
  console.log(
    `verified deliveries: ${receiver.arrivals.size} distinct webhook-ids (${expectedIds.filter((a) => a).length} of ${expectedIds.length} acknowledged events/tests), ` +
      `${receiver.stats.requests} requests, ${receiver.stats.refused503} first attempts answered 503, ${receiver.stats.unverified} failed verification`,
  );
  console.log(
    `lost: ${lost} (trigger events ${lostEvents.length}, webhook tests ${lostTests.length}, trigger rows ${lostTriggerRows.length}, API rows ${lostApiRows.length})`,
  );
  if (lostEvents.length) console.log(`  lost trigger event ids: ${lostEvents.slice(0, 10).join(', ')}${lostEvents.length > 10 ? ', …' : ''}`);
  if (input.statuses.size) console.log(`  the gateway on the lost trigger posts: ${[...input.statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}`);
  console.log(`duplicates (one webhook-id answered 2xx twice): ${receiver.stats.duplicates}`);
  console.log(`stale rows (an older acknowledged value won): trigger ${staleTrigger.length}, API ${staleApi.length}`);
  const drained = lost === 0;
  console.log(
    `drain: last acknowledged delivery ${((lastExpected - t.loadEnd) / 1000).toFixed(1)} s after the load; all within ${input.drainMs / 1000} s: ${drained ? 'yes' : `no (${lost} never arrived)`}`,
  );

  const routes = [...new Set(load.samples.map((s) => s.route))].filter((r) => r !== 'setup' && r !== 'verify').sort();
  const byRoute = routes.map((route) => {
    const s = load.samples.filter((x) => x.route === route);
    const ms = s
      .filter((x) => x.status !== null)
      .map((x) => x.ms)
      .sort((a, b) => a - b);
    const fivexx = s.filter((x) => x.status !== null && x.status >= 500);
    const none = s.filter((x) => x.status === null);
    return [
      route,
      s.length,
      fivexx.filter((x) => inWindow(x.at)).length,
      fivexx.filter((x) => !inWindow(x.at)).length,
      none.filter((x) => inWindow(x.at)).length,
      none.filter((x) => !inWindow(x.at)).length,
      pct(ms, 50).toFixed(0),
      pct(ms, 99).toFixed(0),
    ];
  });
  const all = load.samples
    .filter((x) => x.route !== 'setup' && x.route !== 'verify' && x.status !== null)
    .map((x) => x.ms)
    .sort((a, b) => a - b);
  console.log(
    `\n${table([
      ['route', 'requests', '5xx in', '5xx out', 'no answer in', 'no answer out', 'p50 ms', 'p99 ms'],
      ...byRoute,
      ['all answers', all.length, '', '', '', '', pct(all, 50).toFixed(0), pct(all, 99).toFixed(0)],
    ])}`,
  );
  console.log('("in"/"out": inside/outside the database-kill window; "no answer": the connection failed or 15 s passed, e.g. the killed gateway)');

  const outside5xx = byRoute.reduce((n, r) => n + Number(r[3]), 0);
  const reasons = [lost > 0 ? `${lost} acknowledged writes lost` : '', outside5xx > 0 ? `${outside5xx} 5xx outside the database-kill window` : ''].filter(
    Boolean,
  );
  console.log(`\nverdict: ${reasons.length === 0 ? 'PASS' : `FAIL (${reasons.join('; ')})`}`);
  return reasons.length === 0;
}
