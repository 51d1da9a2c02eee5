import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { generateSecret } from '../outbound/signing.ts';
import { createForwarder } from './listen-forwarder.ts';

const secret = generateSecret();
const arrivals: { id: string; verified: boolean }[] = [];
const releases = new Map<string, () => void>();
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    let verified = true;
    try {
      new Webhook(secret).verify(body, req.headers as Record<string, string>);
    } catch {
      verified = false;
    }
    const id = String(req.headers['webhook-id']);
    arrivals.push({ id, verified });
    // Events whose id starts with "slow" are answered when the test says so.
    if (id.startsWith('slow')) releases.set(id, () => res.end('ok'));
    else res.end('ok');
  });
});
let url: string;
const agent = new Agent();
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const until = async (pred: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const message = (id: string, key: string) => ({ id, key, event: 'trigger.received', data: JSON.stringify({ id }) });

describe('listen forwarder', () => {
  it('keeps one resource in order, lets others pass, and reports done only over finished events', async () => {
    const done: string[] = [];
    const lines: string[] = [];
    const f = createForwarder({
      forwardTo: url,
      secret,
      concurrency: 10,
      dispatcher: agent,
      timeoutMs: 5_000,
      now: () => new Date(),
      out: (l) => void lines.push(l),
      onDone: (id) => void done.push(id),
    });
    await f.submit(message('slow-a1', 'a'));
    await f.submit(message('a2', 'a'));
    await f.submit(message('b1', 'b'));
    await until(() => arrivals.some((a) => a.id === 'b1'));
    // b1 is answered, but a1 is not: nothing is done yet, and a2 waits for a1.
    expect(arrivals.map((a) => a.id)).toEqual(['slow-a1', 'b1']);
    expect(done).toEqual([]);
    releases.get('slow-a1')!();
    await f.drain();
    expect(arrivals.map((a) => a.id)).toEqual(['slow-a1', 'b1', 'a2']);
    expect(done.at(-1)).toBe('b1');
    expect(arrivals.every((a) => a.verified)).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/--> trigger\.received \[(slow-a1|b1)\]\s+<-- \[200\] POST /);
  });
});
