import { Agent, request, type Dispatcher } from 'undici';
import { createForwarder } from './listen-forwarder.ts';
import { createStateSaver, readListenState } from './listen-state.ts';
import { createSseParser, type SseMessage } from './sse-parser.ts';

// `og-gateway listen`: reads the organization's event stream and POSTs each event to a
// local URL, signed as a real delivery is (Standard Webhooks headers, the same body
// bytes), in order per resource as real deliveries are (listen-forwarder.ts). The id of
// the last event forwarded is saved, and a restart resumes after it; a lost connection
// is retried with backoff, resuming the same way.

export interface ListenOptions {
  gateway: string;
  apiKey: string;
  forwardTo: string;
  /** Comma-separated event names and wildcards (the stream's `types`). */
  events?: string;
  secret: string;
  statePath: string;
  /** Ignore the saved position: start with the next event. */
  fromNow: boolean;
  out(line: string): void;
  err(line: string): void;
  signal: AbortSignal;
  now?: () => Date;
  random?: () => number;
  /** Per-request timeout of a forward to the local receiver. */
  forwardTimeoutMs?: number;
  /** Events forwarded at once (of different resources); 1 sends strictly one at a time in stream order. */
  concurrency: number;
}

/** A refusal that retrying cannot fix (bad key, bad filter): listen stops with it. */
export class ListenFatalError extends Error {}

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 10_000;
// Three missed heartbeats at the gateway's default period: the connection is dead.
const STREAM_IDLE_MS = 45_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

const clockTime = (d: Date) => d.toISOString().slice(11, 23);

export async function runListen(opts: ListenOptions): Promise<void> {
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? Math.random;
  const saver = createStateSaver(opts.statePath, opts.gateway, now);
  const saved = opts.fromNow ? null : await readListenState(opts.statePath);
  let lastEventId = saved?.lastEventId;
  const streamAgent = new Agent({ connectTimeout: 10_000 });
  const localAgent = new Agent({ connectTimeout: 5_000, keepAliveTimeout: 10_000, connections: Math.max(1, opts.concurrency) });
  opts.out(`Ready! Forwarding events from ${opts.gateway} to ${opts.forwardTo}${opts.events ? ` (events: ${opts.events})` : ''}\n`);
  opts.out(`Your webhook signing secret is ${opts.secret} (verify with it; Ctrl-C to quit)\n`);
  opts.out(lastEventId ? `Resuming after event ${lastEventId} (state: ${opts.statePath})\n` : `Starting with the next event (state: ${opts.statePath})\n`);
  let backoff = BACKOFF_MIN_MS;
  try {
    while (!opts.signal.aborted) {
      const outcome = await streamOnce({
        ...opts,
        now,
        lastEventId,
        streamAgent,
        localAgent,
        onForwarded: (id) => ((lastEventId = id), saver.save(id)),
        onConnected: () => (backoff = BACKOFF_MIN_MS),
      });
      if (opts.signal.aborted) break;
      if (outcome.kind === 'gone') {
        opts.err(
          `The saved position ${lastEventId} is past the gateway's retention (or of another organization); continuing with the next event. Catch up with GET /api/v2/events.\n`,
        );
        lastEventId = undefined;
        continue;
      }
      const wait = Math.max(outcome.retryAfterMs ?? 0, Math.round(backoff * (0.5 + random() / 2)));
      opts.err(`${clockTime(now())}  ${outcome.reason}; reconnecting in ${(wait / 1000).toFixed(1)} s\n`);
      backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
      await sleep(wait, opts.signal);
    }
  } finally {
    await saver.flush().catch((err: Error) => opts.err(`could not save the position: ${err.message}\n`));
    await Promise.all([streamAgent.close(), localAgent.close()]).catch(() => undefined);
  }
}

type StreamOutcome = { kind: 'retry'; reason: string; retryAfterMs?: number } | { kind: 'gone' };

interface StreamOnceOptions extends ListenOptions {
  now: () => Date;
  lastEventId: string | undefined;
  streamAgent: Dispatcher;
  localAgent: Dispatcher;
  onForwarded(id: string): void;
  onConnected(): void;
}

async function errorText(body: Dispatcher.ResponseData['body']): Promise<string> {
  const text = await body.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { code?: string; error?: string };
    return `${parsed.code ?? 'ERROR'}: ${parsed.error ?? text}`;
  } catch {
    return text.slice(0, 200);
  }
}

/** One connection: reads and forwards until it ends; says whether and when to retry. */
async function streamOnce(opts: StreamOnceOptions): Promise<StreamOutcome> {
  const query = opts.events ? `?types=${encodeURIComponent(opts.events)}` : '';
  let res: Dispatcher.ResponseData;
  try {
    res = await request(`${opts.gateway.replace(/\/+$/, '')}/api/v2/events/stream${query}`, {
      headers: { authorization: `Bearer ${opts.apiKey}`, accept: 'text/event-stream', ...(opts.lastEventId && { 'last-event-id': opts.lastEventId }) },
      dispatcher: opts.streamAgent,
      signal: opts.signal,
      headersTimeout: 15_000,
      bodyTimeout: STREAM_IDLE_MS,
    });
  } catch (err) {
    return { kind: 'retry', reason: `gateway unreachable (${(err as { code?: string }).code ?? (err as Error).message})` };
  }
  if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode === 400 || res.statusCode === 404) {
    throw new ListenFatalError(`the gateway refused the stream (${res.statusCode} ${await errorText(res.body)})`);
  }
  if (res.statusCode === 410) {
    await res.body.dump();
    return { kind: 'gone' };
  }
  if (res.statusCode !== 200) {
    const retryAfter = Number(res.headers['retry-after']);
    return {
      kind: 'retry',
      reason: `stream refused (${res.statusCode} ${await errorText(res.body)})`,
      ...(retryAfter > 0 && { retryAfterMs: retryAfter * 1000 }),
    };
  }
  opts.onConnected();
  opts.err(`${clockTime(opts.now())}  connected${opts.lastEventId ? `, resuming after ${opts.lastEventId}` : ''}\n`);
  const queue: SseMessage[] = [];
  const parser = createSseParser({ message: (m) => void queue.push(m) });
  const forwarder = createForwarder({
    forwardTo: opts.forwardTo,
    secret: opts.secret,
    concurrency: opts.concurrency,
    dispatcher: opts.localAgent,
    timeoutMs: opts.forwardTimeoutMs ?? 30_000,
    now: opts.now,
    out: opts.out,
    onDone: opts.onForwarded,
  });
  res.body.setEncoding('utf8');
  try {
    for await (const chunk of res.body) {
      parser.push(chunk as string);
      while (queue.length > 0) {
        const message = queue.shift() as SseMessage;
        if (message.id) await forwarder.submit(message as SseMessage & { id: string });
      }
    }
    return { kind: 'retry', reason: 'the gateway ended the stream' };
  } catch (err) {
    if (opts.signal.aborted) return { kind: 'retry', reason: 'stopped' };
    return { kind: 'retry', reason: `stream lost (${(err as { code?: string }).code ?? (err as Error).message})` };
  } finally {
    // What is in flight finishes before a reconnect resumes after the last one done.
    await forwarder.drain();
  }
}
