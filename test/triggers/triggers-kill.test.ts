import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/domain/api-keys/key-format.ts';
import { callChild as api, restartableEnv, startChildGateway } from '../support/child-gateway.ts';
import { hookPath } from './support.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

/** Posts `{ n }` with webhook-id msg_<n>; null when the connection died without an answer. */
async function post(base: string, path: string, n: number): Promise<{ status: number; id: string } | null> {
  try {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': `msg_${n}` },
      body: JSON.stringify({ n }),
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await res.json()) as { id: string };
    return { status: res.status, id: body.id };
  } catch {
    return null;
  }
}

describe('inbound triggers survive SIGKILL', () => {
  it('processes every request that got a 202 exactly once in effect after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'og-trig-kill-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const deliveries: { webhookId: string; eventId: string }[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const payload = JSON.parse(body) as { id: string; data: { id: string } };
        deliveries.push({ webhookId: String(req.headers['webhook-id']), eventId: payload.data.id });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => receiver.close(r)));
    const key = generateApiKey();
    const env = restartableEnv(dataDir, key, { OG_RATE_LIMIT_IP_PER_MINUTE: '1000000', OG_RATE_LIMIT_ORG_PER_MINUTE: '1000000' });

    const first = await startChildGateway(env);
    cleanup.push(async () => first.child.kill('SIGKILL'));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/in`;
    expect((await api(first, key, 'POST', '/api/v2/webhooks', { url: hookUrl, events: ['trigger.received'] })).status).toBe(201);
    const trigger = await api(first, key, 'POST', '/api/v2/triggers', { name: 'stream', action: 'event', rateLimitPerMinute: 1000000 });
    expect(trigger.status).toBe(201);
    const path = hookPath(trigger.body.url);

    // A stream of posts from 16 senders; the process is killed mid-stream.
    const outcome = new Map<number, { status: number; id: string } | null>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (!killed) {
        const n = next++;
        outcome.set(n, await post(first.url, path, n));
      }
    };
    const senders = Array.from({ length: 16 }, sender);
    while ([...outcome.values()].filter((o) => o?.status === 202).length < 150) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(senders);
    await first.exited;

    const second = await startChildGateway(env);
    cleanup.push(async () => second.child.kill('SIGKILL'));
    // Senders retry what got no answer; a stored one comes back as a duplicate of itself.
    for (const [n, o] of outcome) {
      if (o === null || o.status >= 500) {
        const retry = await post(second.url, path, n);
        expect([200, 202]).toContain(retry?.status);
        outcome.set(n, retry);
      }
    }
    const accepted = [...outcome.entries()].filter(([, o]) => o?.status === 202 || o?.status === 200);
    expect(accepted.length).toBe(outcome.size);
    const acceptedIds = new Set(accepted.map(([, o]) => o!.id));
    expect(acceptedIds.size).toBe(outcome.size);

    const deadline = Date.now() + 60_000;
    for (const id of acceptedIds) {
      for (;;) {
        const ev = await api(second, key, 'GET', `/api/v2/triggers/${trigger.body.id}/events/${id}`);
        expect(ev.status).toBe(200);
        if (ev.body.status === 'processed') break;
        expect(ev.body.status).toBe('received');
        if (Date.now() > deadline) throw new Error(`event ${id} not processed in time`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    while (new Set(deliveries.map((d) => d.eventId)).size < acceptedIds.size && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    // Exactly once in effect: one outbound event per accepted request (webhooks may
    // redeliver it after the kill, always under the same webhook-id).
    const eventsPerRequest = new Map<string, Set<string>>();
    for (const d of deliveries) eventsPerRequest.set(d.eventId, (eventsPerRequest.get(d.eventId) ?? new Set()).add(d.webhookId));
    expect([...eventsPerRequest.keys()].sort()).toEqual([...acceptedIds].sort());
    for (const [id, webhookIds] of eventsPerRequest) expect(webhookIds.size, id).toBe(1);
    const log = await api(second, key, 'GET', `/api/v2/triggers/${trigger.body.id}/events?status=processed&limit=100`);
    expect(log.status).toBe(200);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 150_000);
});
