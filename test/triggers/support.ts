import { expect } from 'vitest';
import type { TestGateway } from '../support/test-gateway.ts';

/** The path part of a trigger URL (the test client talks to the app directly). */
export const hookPath = (url: string): string => new URL(url).pathname;

export async function createTrigger(gw: TestGateway, body: Record<string, unknown>) {
  const res = await gw.api.post('/api/v2/triggers', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; url: string; secret?: string } & Record<string, unknown>;
}

export interface PostOptions {
  headers?: Record<string, string>;
  contentType?: string;
}

/** POSTs a raw body to a trigger URL, without an API key, checking the answer against the spec. */
export async function postHook(gw: TestGateway, url: string, body: string | Buffer, opts: PostOptions = {}) {
  return gw.api.post(hookPath(url), undefined, {
    key: null,
    raw: body,
    headers: { 'content-type': opts.contentType ?? 'application/json', ...opts.headers },
  });
}

export async function getEvent(gw: TestGateway, triggerId: string, eventId: string) {
  const res = await gw.api.get(`/api/v2/triggers/${triggerId}/events/${eventId}`);
  expect(res.status).toBe(200);
  return res.body as { status: string; failureReason: string | null; result: Record<string, unknown> | null; replayCount: number; attempts: number } & Record<
    string,
    unknown
  >;
}

/** Polls the event log until the event leaves `received`. */
export async function settledEvent(gw: TestGateway, triggerId: string, eventId: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const event = await getEvent(gw, triggerId, eventId);
    // Settled means its effects are visible too: a processed event's outbound event is
    // relayed just after the processed status is written.
    const staged = await gw.db.collection<{ _id: string }>('trigger_events').countDocuments({ _id: eventId, '_outbox.id': { $gt: '' } });
    if (event.status !== 'received' && staged === 0) return event;
    if (Date.now() > deadline) throw new Error(`event ${eventId} still received after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
