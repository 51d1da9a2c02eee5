import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { startReceiver, type Receiver } from '../webhooks/support/receiver.ts';

// `og-gateway listen` as the developer runs it: a child process reading the stream of a
// gateway and forwarding to a loopback receiver that verifies every request with the
// stock `standardwebhooks` package.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let gw: TestGateway;
let server: Server;
let gatewayUrl: string;
let local: Receiver;
let sink: Receiver;
let stateDir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_WEBHOOK_MAX_ENDPOINTS: '10' } });
  server = createServer(gw.callback as never);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  local = await startReceiver();
  sink = await startReceiver();
  stateDir = await mkdtemp(join(tmpdir(), 'og-listen-'));
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await gw?.close();
  await local?.close();
  await sink?.close();
  await rm(stateDir, { recursive: true, force: true });
});

function startListen(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'listen', '--gateway', gatewayUrl, '--forward-to', local.url, '--state', join(stateDir, 'state.json'), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, OG_API_KEY: gw.adminKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => (children.delete(child), r(code))));
  const until = async (pred: () => boolean, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`listen: condition not met\nstdout:\n${out}\nstderr:\n${err}`);
      if (child.exitCode !== null) throw new Error(`listen exited (${child.exitCode})\nstdout:\n${out}\nstderr:\n${err}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { child, exited, until, out: () => out, err: () => err };
}

describe('og-gateway listen', () => {
  it('forwards every event verified and in order, and a SIGKILL mid-stream loses none', async () => {
    const endpoints: string[] = [];
    for (let i = 0; i < 3; i++) endpoints.push((await gw.api.post('/api/v2/webhooks', { url: sink.url, events: ['*'] })).body.id);
    const produced: { id: string; endpoint: string }[] = [];
    const produce = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const endpoint = endpoints[produced.length % endpoints.length];
        const delivery = await gw.api.post(`/api/v2/webhooks/${endpoint}/test`);
        produced.push({ id: delivery.body.webhookId, endpoint });
      }
    };

    const first = startListen(['--events', 'webhook.*']);
    await first.until(() => /connected/.test(first.err()));
    const secret = /(whsec_[A-Za-z0-9+/=]+)/.exec(first.out())?.[1];
    expect(secret).toBeDefined();
    local.setSecrets([secret as string]);
    await produce(12);
    await local.until(() => local.received.length >= 6, 20_000);
    first.child.kill('SIGKILL');
    await first.exited;
    // Produced while nothing listens: the restart must pick these up from the saved position.
    await produce(8);
    const saved = JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8'));
    expect(produced.map((p) => p.id)).toContain(saved.lastEventId);

    const second = startListen(['--events', 'webhook.*', '--secret', secret as string]);
    await second.until(() => /Resuming after event/.test(second.out()));
    await produce(6);
    // The gateway drops every connection (as a restart does): listen reconnects and resumes.
    await local.until(() => local.received.some((r) => r.id === produced.at(-1)!.id), 20_000);
    server.closeAllConnections();
    await produce(4);
    await second.until(() => /reconnecting in/.test(second.err()) && (second.err().match(/connected, resuming after/g) ?? []).length >= 1);
    const wanted = new Set(produced.map((p) => p.id));
    await local.until(
      () => new Set(local.received.map((r) => r.id)).size >= wanted.size && [...wanted].every((id) => local.received.some((r) => r.id === id)),
      30_000,
    );

    // Every request verified with the stock library, body identical to the stored envelope.
    expect(local.received.every((r) => r.verifiedWith.length === 1)).toBe(true);
    const stored = await gw.api.get(`/api/v2/events/${produced[0].id}`);
    expect(local.received.find((r) => r.id === produced[0].id)?.body).toBe(stored.text);
    // In order per resource, as real deliveries are (a resumed event may come twice; its
    // first arrival counts). Different endpoints' events may interleave.
    const firstSeen = [...new Set(local.received.map((r) => r.id))].filter((id) => wanted.has(id));
    expect(firstSeen.length).toBe(produced.length);
    for (const endpoint of endpoints) {
      const mine = produced.filter((p) => p.endpoint === endpoint).map((p) => p.id);
      expect(firstSeen.filter((id) => mine.includes(id))).toEqual(mine);
    }
    // One line per event with the local answer and its latency.
    await second.until(
      () =>
        second
          .out()
          .split('\n')
          .filter((l) => l.includes('[200]')).length >= 6,
    );
    expect(second.out()).toMatch(/--> webhook\.test \[[0-9a-f-]{36}\]\s+<-- \[200\] POST http:\/\/127\.0\.0\.1:\d+\/hook \(\d+\.\d ms\)/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);

  it('refuses unknown flags, a missing --forward-to and a malformed secret; --help describes it', async () => {
    const io = () => {
      let out = '';
      let err = '';
      return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, out: () => out, err: () => err };
    };
    const a = io();
    expect(await runCli(['listen', '--forward-to', 'http://127.0.0.1:1/x', '--bogus'], a.io)).toBe(2);
    expect(a.err()).toMatch(/unknown option --bogus/);
    const b = io();
    expect(await runCli(['listen', '--api-key', 'x'], b.io)).toBe(2);
    expect(b.err()).toMatch(/needs --forward-to/);
    const c = io();
    expect(await runCli(['listen', '--forward-to=http://127.0.0.1:1/x', '--api-key', 'k', '--secret', 'whsec_short'], c.io)).toBe(2);
    expect(c.err()).toMatch(/--secret must be whsec_/);
    // A key the gateway refuses stops listen at once (retrying cannot fix it).
    const refused = io();
    expect(
      await runCli(
        ['listen', '--gateway', gatewayUrl, '--forward-to', local.url, '--api-key', 'og_live_not_a_key', '--state', join(stateDir, 'refused.json')],
        refused.io,
      ),
    ).toBe(1);
    expect(refused.err()).toMatch(/refused the stream \(401/);
    const d = io();
    expect(await runCli(['listen', '--help'], d.io)).toBe(0);
    expect(d.out()).toMatch(/--forward-to URL/);
    expect(d.out()).toMatch(/OG_API_KEY/);
  });
});
