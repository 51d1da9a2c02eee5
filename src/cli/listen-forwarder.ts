import { request, type Dispatcher } from 'undici';
import { USER_AGENT } from '../webhooks/delivery-attempt.ts';
import { signedHeaders } from '../outbound/signing.ts';
import type { SseMessage } from './sse-parser.ts';

// Forwards events the way the gateway delivers them: events of one resource (one
// ordering key) one after another, different resources at once up to `concurrency`.
// The position reported as done only moves over events that are all finished, so a
// restart after a crash resumes before anything still in flight (it may send an event
// twice, never skip one).

export interface ForwarderOptions {
  forwardTo: string;
  secret: string;
  concurrency: number;
  dispatcher: Dispatcher;
  timeoutMs: number;
  now(): Date;
  out(line: string): void;
  /** Every event up to and including this one has been forwarded. */
  onDone(lastEventId: string): void;
}

const clockTime = (d: Date) => d.toISOString().slice(11, 23);

/** POSTs one event and prints one line with the answer and its latency; never throws. */
async function forward(opts: ForwarderOptions, message: SseMessage): Promise<void> {
  const id = message.id as string;
  const at = opts.now();
  const headers = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    ...signedHeaders([opts.secret], id, Math.floor(at.getTime() / 1000), message.data),
  };
  const started = performance.now();
  let outcome: string;
  try {
    const res = await request(opts.forwardTo, {
      method: 'POST',
      headers,
      body: message.data,
      dispatcher: opts.dispatcher,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
    await res.body.dump();
    outcome = `[${res.statusCode}]`;
  } catch (err) {
    outcome = `[ERR ${(err as { code?: string }).code ?? (err as Error).message}]`;
  }
  const ms = (performance.now() - started).toFixed(1);
  opts.out(`${clockTime(at)}  --> ${message.event} [${id}]  <-- ${outcome} POST ${opts.forwardTo} (${ms} ms)\n`);
}

export function createForwarder(opts: ForwarderOptions) {
  const tails = new Map<string, Promise<void>>();
  const window: { id: string; done: boolean }[] = [];
  const slotWaiters: (() => void)[] = [];
  let inFlight = 0;

  function finished(entry: { done: boolean }): void {
    entry.done = true;
    inFlight -= 1;
    slotWaiters.shift()?.();
    let last: string | undefined;
    while (window.length > 0 && window[0].done) last = (window.shift() as { id: string }).id;
    if (last !== undefined) opts.onDone(last);
  }

  return {
    /** Starts forwarding `message` in its turn; resolves once there is room for the next one. */
    async submit(message: SseMessage & { id: string }): Promise<void> {
      while (inFlight >= opts.concurrency) await new Promise<void>((resolve) => slotWaiters.push(resolve));
      inFlight += 1;
      const entry = { id: message.id, done: false };
      window.push(entry);
      const key = message.key ?? message.id;
      const run = (tails.get(key) ?? Promise.resolve())
        .then(() => forward(opts, message))
        .finally(() => {
          finished(entry);
          if (tails.get(key) === run) tails.delete(key);
        });
      tails.set(key, run);
    },
    /** Waits for everything submitted. */
    async drain(): Promise<void> {
      while (tails.size > 0) await Promise.all(tails.values());
    },
  };
}
