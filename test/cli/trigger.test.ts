import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.ts';
import { createClient, type GatewayClient } from '../../src/client/index.ts';
import { EVENT_TYPES } from '../../src/events/event-types.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { startReceiver, type Receiver } from '../webhooks/support/receiver.ts';

// `og-gateway trigger <type>` against a gateway on a real socket: every catalog type is
// produced, listed by the events API (read back through the typed client) and delivered,
// verified by the stock standardwebhooks package, to a loopback endpoint subscribed to
// everything. The listing and the bad invocations run the command as a child process, as
// a developer runs it; producing each type runs the same command line in this process
// (`runCli`), since starting nine processes through tsx would cost a minute and more.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Listening {
  gw: TestGateway;
  server: Server;
  url: string;
}

async function listen(env: Record<string, string> = {}): Promise<Listening> {
  const gw = await startTestGateway({ env });
  const server = createServer(gw.callback as never);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { gw, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(l: Listening | undefined) {
  if (!l) return;
  l.server.closeAllConnections();
  await new Promise((r) => l.server.close(r));
  await l.gw.close();
}

/** Runs the command as a child process; killed (and failed) if it outlives `ms`. */
function trigger(args: string[], key: string, ms = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'trigger', ...args], {
      cwd: ROOT,
      env: { ...process.env, OG_API_KEY: key, OG_GATEWAY_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`trigger ${args.join(' ')} ran over ${ms} ms:\n${stdout}\n${stderr}`));
    }, ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The same command line through `runCli` in this process, its output captured. */
async function triggerHere(args: string[], key: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['trigger', ...args, '--api-key', key], { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe('og-gateway trigger', () => {
  let dev: Listening;
  let receiver: Receiver;
  let og: GatewayClient;
  // `og-gateway listen` on the same gateway, forwarding to a second receiver: every
  // produced event must also reach a receiver on a laptop, signed with the session secret.
  let forwarded: Receiver;
  let listenChild: ChildProcess | undefined;
  let stateDir: string;

  beforeAll(async () => {
    dev = await listen();
    receiver = await startReceiver();
    forwarded = await startReceiver();
    const listenSecret = `whsec_${randomBytes(32).toString('base64')}`;
    forwarded.setSecrets([listenSecret]);
    stateDir = await mkdtemp(join(tmpdir(), 'og-trigger-listen-'));
    listenChild = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli.ts',
        'listen',
        '--gateway',
        dev.url,
        '--forward-to',
        forwarded.url,
        '--secret',
        listenSecret,
        '--state',
        join(stateDir, 'state.json'),
      ],
      { cwd: ROOT, env: { ...process.env, OG_API_KEY: dev.gw.adminKey }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // A first start forwards from the next event on: produce nothing before the stream is open.
    let listenLog = '';
    listenChild.stderr!.on('data', (d) => (listenLog += d));
    const deadline = Date.now() + 45_000;
    while (!/\bconnected\b/.test(listenLog)) {
      if (Date.now() > deadline || listenChild.exitCode !== null) throw new Error(`listen did not connect:\n${listenLog}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    og = createClient({ baseUrl: dev.url, apiKey: dev.gw.adminKey });
    const { data, error } = await og.POST('/api/v2/webhooks', { body: { url: receiver.url, events: [] } });
    if (!data) throw new Error(`endpoint: ${JSON.stringify(error)}`);
    receiver.setSecrets([(data as { secret: string }).secret]);
  });
  afterAll(async () => {
    listenChild?.kill('SIGKILL');
    await close(dev);
    await receiver?.close();
    await forwarded?.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('lists the whole catalog', async () => {
    const out = await trigger(['--list'], dev.gw.adminKey);
    expect(out.code).toBe(0);
    for (const type of EVENT_TYPES) expect(out.stdout).toMatch(new RegExp(`^${type.replace(/\./g, '\\.')}\\s+\\S`, 'm'));
  });

  it('produces every catalog type through the public API: listed by the events API, delivered and forwarded by listen, verified', async () => {
    const produced: { type: string; eventId: string }[] = [];
    for (const type of EVENT_TYPES) {
      const out = await triggerHere([type, '--gateway', dev.url, '--json', '--timeout', '90'], dev.gw.adminKey);
      expect(out.code, `${type}: ${out.stdout}\n${out.stderr}`).toBe(0);
      const result = JSON.parse(out.stdout) as { type: string; produced: boolean; eventId: string; ids: Record<string, string> };
      expect(result).toMatchObject({ type, produced: true });
      expect(Object.keys(result.ids).length).toBeGreaterThan(0);
      produced.push({ type, eventId: result.eventId });

      const { data: event, response } = await og.GET('/api/v2/events/{eventId}', { params: { path: { eventId: result.eventId } } });
      expect(response.status, type).toBe(200);
      expect(event).toMatchObject({ id: result.eventId, type });
      // With loopback allowed the enrichment column really calls the command's service.
      if (type === 'table.run.completed') expect(event).toMatchObject({ data: { status: 'complete', counts: { complete: 1, errored: 0 } } });
      // webhook.test goes only to the endpoint it tests (the command's own); every other
      // event reaches the organization's endpoint subscribed to everything.
      if (type !== 'webhook.test') {
        await receiver.until(() => receiver.received.some((r) => r.id === result.eventId), 30_000);
        const delivery = receiver.received.find((r) => r.id === result.eventId)!;
        expect(delivery.verifiedWith.length, type).toBe(1);
        expect(delivery.payload.type).toBe(type);
      }
    }
    // listen forwarded every one of them (webhook.test included: it forwards the whole stream).
    await forwarded.until(() => produced.every((p) => forwarded.received.some((r) => r.id === p.eventId)), 30_000);
    for (const { type, eventId } of produced) {
      const got = forwarded.received.find((r) => r.id === eventId)!;
      expect(got.verifiedWith.length, type).toBe(1);
      expect(got.payload.type).toBe(type);
    }
    // Nothing it made keeps acting: temporary workers and endpoints are gone, trigger URLs disabled.
    expect((await og.GET('/api/v2/agent-workers')).data?.items).toEqual([]);
    expect((await og.GET('/api/v2/webhooks')).data?.items.map((e) => e.url)).toEqual([receiver.url]);
    const triggers = (await og.GET('/api/v2/triggers')).data?.items ?? [];
    expect(triggers.length).toBe(3);
    expect(triggers.filter((t) => t.enabled)).toEqual([]);
  }, 600_000);

  it('names what the gateway is missing when an event cannot be produced, and exits 1', async () => {
    const locked = await listen({ OG_ALLOW_PRIVATE_NETWORK: 'false', OG_SINK_SENDERS: 'false' });
    try {
      const agent = await triggerHere(['agent.run.completed', '--gateway', locked.url], locked.gw.adminKey);
      expect(agent.code).toBe(1);
      expect(agent.stderr).toMatch(/agent\.run\.completed: not produced: the gateway refused a loopback agent worker .*OG_ALLOW_PRIVATE_NETWORK=true/);
      const sent = await triggerHere(['sequence.message.sent', '--gateway', locked.url, '--json'], locked.gw.adminKey);
      expect(sent.code).toBe(1);
      expect(JSON.parse(sent.stdout)).toMatchObject({
        type: 'sequence.message.sent',
        produced: false,
        reason: expect.stringMatching(/sink sender.*OG_SINK_SENDERS=true/),
      });
      // table.run.completed needs neither: its column's URL is then never called.
      const run = await triggerHere(['table.run.completed', '--gateway', locked.url, '--json'], locked.gw.adminKey);
      expect(run.code, run.stderr).toBe(0);
      const { eventId } = JSON.parse(run.stdout) as { eventId: string };
      const read = await createClient({ baseUrl: locked.url, apiKey: locked.gw.adminKey }).GET('/api/v2/events/{eventId}', { params: { path: { eventId } } });
      expect(read.data).toMatchObject({ type: 'table.run.completed', data: { status: 'complete', counts: { complete: 0, errored: 0, cancelled: 0 } } });
      // Nothing the refused scenarios tried is left behind.
      const workers = await createClient({ baseUrl: locked.url, apiKey: locked.gw.adminKey }).GET('/api/v2/agent-workers');
      expect(workers.data?.items).toEqual([]);
    } finally {
      await close(locked);
    }
  }, 120_000);

  it('refuses bad invocations with exit code 2', async () => {
    const unknown = await trigger(['no.such.event'], 'og_live_x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown event type no\.such\.event; one of sequence\.message\.sent/);
    const flag = await trigger(['webhook.test', '--bogus'], 'og_live_x');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option --bogus/);
    const noKey = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'trigger', 'webhook.test'], {
        cwd: ROOT,
        env: { ...process.env, OG_API_KEY: '' },
        stdio: 'ignore',
      });
      child.once('exit', resolve);
    });
    expect(noKey).toBe(2);
  }, 60_000);
});
