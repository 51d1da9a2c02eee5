import { randomBytes } from 'node:crypto';
import { EVENT_TYPES, type EventType } from '../events/event-types.ts';
import type { CliIo } from './commands.ts';
import { createTriggerApi, type TriggerApi } from './trigger-api.ts';
import { startTriggerPeer, type TriggerPeer } from './trigger-peer.ts';
import { SCENARIOS, type Produced } from './trigger-scenarios.ts';

export function printCatalog(io: CliIo): void {
  const width = Math.max(...EVENT_TYPES.map((t) => t.length)) + 2;
  io.out(`${EVENT_TYPES.map((t) => `${t.padEnd(width)}${SCENARIOS[t].how}`).join('\n')}\n`);
}

interface Envelope {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** Polls the events API (newest first) until this run's event is listed. */
async function waitForEvent(api: TriggerApi, type: EventType, since: Date, produced: Produced, deadline: number): Promise<Envelope> {
  const query = new URLSearchParams({ type, createdAfter: new Date(since.getTime() - 5_000).toISOString(), limit: '100' });
  if (produced.orderingKey) query.set('orderingKey', produced.orderingKey);
  while (Date.now() < deadline) {
    const page = await api.must('GET', `/api/v2/events?${query}`);
    const found = (page.items as Envelope[]).find((e) => e.type === type && produced.match(e.data ?? {}));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no ${type} event was listed before the deadline (raise --timeout, or look at the gateway's log)`);
}

export interface TriggerRun {
  type: EventType;
  gateway: string;
  apiKey: string;
  json: boolean;
  timeoutMs: number;
  io: CliIo;
}

export async function runTrigger(opts: TriggerRun): Promise<void> {
  const api = createTriggerApi({ gateway: opts.gateway, apiKey: opts.apiKey });
  const deadline = Date.now() + opts.timeoutMs;
  const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  let peer: TriggerPeer | null = null;
  const undo: (() => Promise<unknown>)[] = [];
  const startedAt = new Date();
  try {
    try {
      const produced = await SCENARIOS[opts.type].produce({
        api,
        tag,
        deadline,
        peer: async () => (peer ??= await startTriggerPeer()),
        onExit: (fn) => void undo.push(fn),
      });
      const event = await waitForEvent(api, opts.type, startedAt, produced, deadline);
      report(opts, { eventId: event.id, ids: produced.ids, note: produced.note });
    } finally {
      for (const fn of undo.reverse()) await fn().catch(() => undefined);
      await (peer as TriggerPeer | null)?.close();
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (opts.json) opts.io.out(`${JSON.stringify({ type: opts.type, produced: false, reason })}\n`);
    throw new Error(`trigger ${opts.type}: not produced: ${reason}`);
  }
}

function report(opts: TriggerRun, outcome: { eventId: string; ids: Record<string, string>; note: string }): void {
  if (opts.json) {
    opts.io.out(`${JSON.stringify({ type: opts.type, produced: true, eventId: outcome.eventId, ids: outcome.ids })}\n`);
    return;
  }
  const rows = Object.entries({ ...outcome.ids, event: outcome.eventId });
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  opts.io.out(
    [
      `${opts.type}: ${outcome.note}`,
      ...rows.map(([k, v]) => `  ${k.padEnd(width)}${v}`),
      `read it back: GET ${opts.gateway}/api/v2/events/${outcome.eventId}`,
      '',
    ].join('\n'),
  );
}
