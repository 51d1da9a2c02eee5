import type { Logger } from 'pino';
import { ApiError, serviceUnavailable, validationError } from '../domain/errors.ts';
import type { Clock } from '../domain/shared/clock.ts';
import { isUuid } from '../domain/shared/ids.ts';
import { serializeEnvelope } from '../webhooks/envelope.ts';
import { subscriptionMatches, type EventType } from './event-types.ts';
import { toStagedEvent, type EventsRepo } from './events-repo.ts';

// One poller per process serves every open stream: each tick reads the counters of the
// organizations that have streams (one indexed read, all that an idle gateway does), and
// only for an organization whose counter moved past its streams reads the new events
// through the (orgId, seq) index, once for all of its streams. Events recorded by this
// process wake the poller at once; those of other processes are seen at the next tick.
// Delivery follows `seq` strictly (see event-sequence.ts for why not the event id).

export interface StreamedEvent {
  seq: number;
  id: string;
  type: EventType;
  /** The resource the event belongs to: events of one key are delivered in order. */
  orderingKey: string;
  /** The envelope's bytes, identical to every delivery's body. */
  envelope: string;
}

export interface StreamSink {
  deliver(events: StreamedEvent[]): void;
  /** The hub is closing (gateway stop): end the stream. */
  end(): void;
}

export interface EventStreamHubOptions {
  events: EventsRepo;
  clock: Clock;
  logger: Logger;
  /** Streams one organization may have open on this process at once. */
  maxPerOrg: number;
  /** The period of the streams' heartbeat comments (the HTTP layer writes them). */
  heartbeatMs: number;
  retentionMs: number;
  pollIntervalMs?: number;
  /** How long a taken but still empty number holds streams back before it is passed. */
  holeWaitMs?: number;
}

interface Subscriber {
  orgId: string;
  types: string[] | null;
  /** The last `seq` this stream has passed (delivered or filtered out). */
  cursor: number;
  /** A stream started "from now": events numbered up to `head` and recorded before `at` are the past. */
  past?: { head: number; at: number };
  sink: StreamSink;
}

const BATCH = 500;
type EventRow = Awaited<ReturnType<EventsRepo['afterSeq']>>[number];
const MAX_HOLES_PER_PASS = 1_000;

export const streamLimitExceeded = (limit: number) =>
  new ApiError({
    status: 429,
    code: 'STREAM_LIMIT_EXCEEDED',
    message: `The organization already has ${limit} event stream(s) open on this gateway process; close one or raise OG_EVENT_STREAMS_PER_ORG`,
    headers: { 'retry-after': '5' },
    details: { limit },
  });

export const lastEventIdUnknown = () =>
  new ApiError({
    status: 410,
    code: 'LAST_EVENT_ID_UNKNOWN',
    message:
      'Last-Event-ID names no retained event of this organization (past retention, or never one); reconnect without it to stream from now, and catch up with GET /api/v2/events',
  });

export function createEventStreamHub(opts: EventStreamHubOptions) {
  const pollIntervalMs = opts.pollIntervalMs ?? 100;
  const holeWaitMs = opts.holeWaitMs ?? 10_000;
  const subscribers = new Set<Subscriber>();
  /** Empty numbers seen, keyed `org:seq`, with when they were first seen. */
  const holes = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let failing = false;
  /** Events were recorded by this process since the last tick began. */
  let woken = false;

  /** The highest number up to which [from, to] can be passed now (from - 1 when none). */
  async function passHoles(orgId: string, from: number, to: number): Promise<number> {
    const { sequence } = opts.events;
    // Numbers this process gave back are passed without a read.
    const skipLocal = (seq: number) => {
      for (let r = sequence.givenBackHere(orgId, seq); r && seq <= to; r = sequence.givenBackHere(orgId, seq)) seq = Math.min(r.to, to) + 1;
      return seq;
    };
    let seq = skipLocal(from);
    // Held by this process's block: nothing can be numbered before it any more, and only
    // this process can still use it (for an event recorded from now on).
    if (seq > to || sequence.heldHere(orgId, seq)) return seq - 1;
    const now = opts.clock.now().getTime();
    // A number seen empty for the first time is nearly always an insert in flight: wait a
    // poll before asking whether it was marked unused (saves a read on most busy ticks).
    if (!holes.has(`${orgId}:${seq}`)) {
      holes.set(`${orgId}:${seq}`, now);
      return seq - 1;
    }
    const unused = await sequence.unusedBetween(orgId, seq, to);
    let given = 0;
    for (let n = 0; seq <= to && n < MAX_HOLES_PER_PASS; n++) {
      const range = unused.find((r) => r.from <= seq && seq <= r.to);
      if (range) {
        seq = Math.min(range.to, to) + 1;
        continue;
      }
      if (sequence.givenBackHere(orgId, seq)) {
        seq = skipLocal(seq);
        continue;
      }
      if (sequence.heldHere(orgId, seq)) break;
      const key = `${orgId}:${seq}`;
      const seen = holes.get(key);
      if (seen === undefined) holes.set(key, now);
      if (seen === undefined || now - seen < holeWaitMs) break;
      if (now - seen < holeWaitMs + pollIntervalMs * 2) given++;
      seq++;
    }
    if (given > 0)
      opts.logger.warn(
        { orgId, before: seq, count: given },
        'event stream passed numbers whose events never arrived (their writer stopped before inserting them)',
      );
    return seq - 1;
  }

  /** Moves the organization's streams forward; true when a full batch was read (more may wait). */
  async function pumpOrg(orgId: string, subs: Subscriber[], head: number, prefetched?: Promise<EventRow[]>): Promise<boolean> {
    const low = Math.min(...subs.map((s) => s.cursor));
    if (low >= head) return false;
    const docs = await (prefetched ?? opts.events.afterSeq(orgId, low, BATCH));
    let frontier = low;
    let blocked = false;
    const ready: (StreamedEvent & { recordedAt: number })[] = [];
    for (const doc of docs) {
      if (doc.seq > frontier + 1) frontier = await passHoles(orgId, frontier + 1, doc.seq - 1);
      if (doc.seq !== frontier + 1) {
        blocked = true;
        break;
      }
      ready.push({
        seq: doc.seq,
        id: doc._id,
        type: doc.type,
        orderingKey: doc.orderingKey,
        envelope: serializeEnvelope(toStagedEvent(doc)),
        recordedAt: doc.recordedAt.getTime(),
      });
      frontier = doc.seq;
    }
    // Numbers taken after the last visible event: inserts in flight, or writers that died.
    if (!blocked && docs.length < BATCH && frontier < head) frontier = await passHoles(orgId, frontier + 1, head);
    for (const sub of subs) {
      if (sub.cursor >= frontier) continue;
      const { past } = sub;
      const mine = ready
        .filter((e) => e.seq > sub.cursor && (sub.types === null || subscriptionMatches(sub.types, e.type)))
        .filter((e) => !past || e.seq > past.head || e.recordedAt >= past.at)
        .map(({ recordedAt: _, ...e }) => e);
      sub.cursor = frontier;
      if (past && frontier >= past.head) sub.past = undefined;
      if (mine.length > 0) sub.sink.deliver(mine);
    }
    return !blocked && docs.length === BATCH;
  }

  /**
   * `eager` (this process just recorded events): the events are read together with the
   * counters instead of after them, one store round trip fewer between a write and its
   * delivery. Reading the events first is safe: a number the counter shows beyond them is
   * treated as an insert in flight and read again at the next poll.
   */
  async function tick(eager: boolean): Promise<void> {
    const byOrg = new Map<string, Subscriber[]>();
    for (const sub of subscribers) byOrg.set(sub.orgId, [...(byOrg.get(sub.orgId) ?? []), sub]);
    if (byOrg.size === 0) return;
    const prefetched = new Map<string, Promise<EventRow[]>>();
    if (eager) {
      for (const [orgId, subs] of byOrg) {
        const read = opts.events.afterSeq(orgId, Math.min(...subs.map((s) => s.cursor)), BATCH);
        read.catch(() => undefined);
        prefetched.set(orgId, read);
      }
    }
    const heads = await opts.events.sequence.heads([...byOrg.keys()]);
    for (const [orgId, subs] of byOrg) {
      if (await pumpOrg(orgId, subs, heads.get(orgId) ?? 0, prefetched.get(orgId))) again = true;
    }
    const old = opts.clock.now().getTime() - 10 * holeWaitMs;
    for (const [key, seen] of holes) if (seen < old) holes.delete(key);
  }

  function run(): void {
    const eager = woken;
    woken = false;
    running = tick(eager)
      .then(
        () => void (failing = false),
        (err: unknown) => {
          // Once per outage: the poll retries every interval meanwhile.
          if (!failing) opts.logger.warn({ err }, 'event stream poll failed; retrying until the store answers');
          failing = true;
        },
      )
      .finally(() => {
        running = undefined;
        if (again && !closed) {
          again = false;
          run();
        } else schedule();
      });
  }

  function schedule(): void {
    if (closed || subscribers.size === 0 || timer || running) return;
    timer = setTimeout(() => {
      timer = undefined;
      run();
    }, pollIntervalMs);
    timer.unref();
  }

  /** Where a new stream starts: after its Last-Event-ID, or now. */
  async function startCursor(orgId: string, lastEventId: string | undefined): Promise<Pick<Subscriber, 'cursor' | 'past'>> {
    if (lastEventId === undefined) {
      // Not at the head: a block another process (or this one) still holds may number
      // events recorded from now on below it.
      const at = opts.clock.now().getTime();
      const { low, head } = await opts.events.sequence.startPoint(orgId);
      return low < head ? { cursor: low, past: { head, at } } : { cursor: head };
    }
    if (!isUuid(lastEventId)) throw validationError('Last-Event-ID must be an event id (a UUID) the stream sent');
    const doc = await opts.events.findById(orgId, lastEventId);
    if (!doc || doc.recordedAt.getTime() < opts.clock.now().getTime() - opts.retentionMs) throw lastEventIdUnknown();
    // Recorded before events were numbered: every numbered event came after it.
    return { cursor: doc.seq ?? 0 };
  }

  return {
    /** Opens a stream of the organization's events; the returned function closes it. */
    async open(orgId: string, params: { lastEventId?: string; types?: string[] }, sink: StreamSink): Promise<() => void> {
      if (closed) throw serviceUnavailable('The gateway is shutting down; reconnect to another process or after the restart');
      const count = () => [...subscribers].filter((s) => s.orgId === orgId).length;
      if (count() >= opts.maxPerOrg) throw streamLimitExceeded(opts.maxPerOrg);
      const start = await startCursor(orgId, params.lastEventId);
      // Checked again: the limit holds even when several streams open at once.
      if (count() >= opts.maxPerOrg) throw streamLimitExceeded(opts.maxPerOrg);
      const sub: Subscriber = { orgId, types: params.types && params.types.length > 0 ? params.types : null, ...start, sink };
      subscribers.add(sub);
      wake();
      return () => void subscribers.delete(sub);
    },
    wake,
    heartbeatMs: opts.heartbeatMs,
    openCount: (orgId: string) => [...subscribers].filter((s) => s.orgId === orgId).length,
    /** Ends every stream and stops polling (gateway stop). */
    async close(): Promise<void> {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      for (const sub of subscribers) sub.sink.end();
      subscribers.clear();
      await running;
    },
  };

  function wake(): void {
    if (closed || subscribers.size === 0) return;
    woken = true;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    timer = undefined;
    run();
  }
}

export type EventStreamHub = ReturnType<typeof createEventStreamHub>;
