import { request } from 'undici';
import { createSseParser, type SseMessage } from '../../../src/cli/sse-parser.ts';

export interface TestStream {
  status: number;
  /** The error envelope when the stream was refused. */
  error?: { error: string; code: string; details?: Record<string, unknown> };
  headers: Record<string, string | string[] | undefined>;
  messages: SseMessage[];
  comments: string[];
  ended: Promise<void>;
  until(pred: () => boolean, ms?: number): Promise<void>;
  close(): void;
}

/** Opens GET /api/v2/events/stream over a real socket and records what arrives. */
export async function openStream(baseUrl: string, key: string, opts: { lastEventId?: string; types?: string } = {}): Promise<TestStream> {
  const controller = new AbortController();
  const query = opts.types === undefined ? '' : `?types=${encodeURIComponent(opts.types)}`;
  const res = await request(`${baseUrl}/api/v2/events/stream${query}`, {
    headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', ...(opts.lastEventId && { 'last-event-id': opts.lastEventId }) },
    signal: controller.signal,
    bodyTimeout: 0,
    headersTimeout: 10_000,
  });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  if (res.statusCode !== 200) {
    const error = (await res.body.json()) as TestStream['error'];
    return { status: res.statusCode, error, headers: res.headers, messages, comments, ended: Promise.resolve(), until: async () => {}, close: () => {} };
  }
  const parser = createSseParser({ message: (m) => (messages.push(m), notify()), comment: (c) => (comments.push(c), notify()) });
  res.body.setEncoding('utf8');
  const ended = (async () => {
    try {
      for await (const chunk of res.body) parser.push(chunk as string);
    } catch {
      // aborted or dropped by the server
    }
    notify();
  })();
  return {
    status: res.statusCode,
    headers: res.headers,
    messages,
    comments,
    ended,
    until(pred, ms = 10_000) {
      if (pred()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pred()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`stream condition not met in ${ms} ms (${messages.length} messages, ${comments.length} comments)`));
        }, ms);
        waiters.add(check);
      });
    },
    close: () => controller.abort(),
  };
}
