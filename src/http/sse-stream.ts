import { PassThrough } from 'node:stream';
import type { StreamedEvent, StreamSink } from '../events/event-stream-hub.ts';

// The Server-Sent Events framing of the event stream. Each event is `id:` (the event
// id, what Last-Event-ID resumes from), `event:` (its type), `key:` (its ordering key: a
// consumer may handle events of different keys at once, like webhook deliveries; SSE
// clients ignore fields they do not know) and one `data:` line (the envelope, JSON
// without line breaks). Heartbeats are comment lines, which every SSE
// client ignores, so proxies and clients can tell a quiet stream from a dead one.

/** Unsent bytes a slow client may leave queued before its stream is dropped (it resumes with Last-Event-ID). */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
/** How long an EventSource waits before reconnecting after the stream ends. */
const RETRY_MS = 2_000;

export interface SseStream {
  body: PassThrough;
  sink: StreamSink;
  /** Runs once when the stream ends for any reason (client gone, dropped, gateway stop). */
  onClose(listener: () => void): void;
}

export const sseFrame = (e: StreamedEvent) => `id: ${e.id}\nevent: ${e.type}\nkey: ${e.orderingKey}\ndata: ${e.envelope}\n\n`;

export function createSseStream(opts: { heartbeatMs: number }): SseStream {
  const body = new PassThrough();
  // The first bytes go out at once: the client sees the 200 and the headers without
  // waiting for the first event.
  body.write(`retry: ${RETRY_MS}\n: connected\n\n`);
  const heartbeat = setInterval(() => body.write(': heartbeat\n\n'), opts.heartbeatMs);
  heartbeat.unref();
  const listeners: (() => void)[] = [];
  let closed = false;
  // Koa destroys the body when the response closes, so a client that hangs up lands here too.
  body.once('close', () => {
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners) listener();
  });
  return {
    body,
    onClose: (listener) => (closed ? listener() : void listeners.push(listener)),
    sink: {
      deliver(events) {
        if (closed) return;
        if (body.writableLength > MAX_QUEUED_BYTES) {
          body.destroy();
          return;
        }
        body.write(events.map(sseFrame).join(''));
      },
      end() {
        clearInterval(heartbeat);
        body.end();
      },
    },
  };
}
