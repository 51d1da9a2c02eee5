import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpPool, type SmtpPool } from './smtp-pool.ts';

// The pool against a real SMTP server on loopback: connection reuse and its limit,
// a refused message that leaves the connection usable, a dropped connection replaced,
// login, idle close.

interface Server {
  port: number;
  connections: number;
  open: number;
  accepted: string[];
  close(): Promise<void>;
}

async function startServer(options: Partial<SMTPServerOptions> = {}): Promise<Server> {
  const state = { connections: 0, open: 0, accepted: [] as string[] };
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      state.connections += 1;
      state.open += 1;
      callback();
    },
    onClose() {
      state.open -= 1;
    },
    onData(stream, _session, callback) {
      let text = '';
      stream.on('data', (c: Buffer) => (text += c));
      stream.on('end', () => {
        state.accepted.push(text);
        callback(null, `OK: queued as Q${state.accepted.length}`);
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(state, { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }) as Server;
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(
  serverOptions: Partial<SMTPServerOptions> = {},
  poolOptions: { maxConnections?: number; idleMs?: number; auth?: { user: string; pass: string } } = {},
) {
  const server = await startServer(serverOptions);
  cleanup.push(() => server.close());
  const pool: SmtpPool = createSmtpPool({
    connection: { host: '127.0.0.1', port: server.port, secure: false, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 5_000, logger: false },
    maxConnections: poolOptions.maxConnections ?? 2,
    idleMs: poolOptions.idleMs,
    auth: poolOptions.auth,
  });
  cleanup.push(() => pool.close());
  return { server, pool };
}

/**
 * One connection to a server whose answer to each DATA waits until the test calls the
 * function it pushed onto `held` (the message counts as accepted from then on).
 */
async function setupHeld() {
  const held: (() => void)[] = [];
  const { server, pool } = await setup(
    {
      onData(stream, _session, callback) {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c));
        stream.on('end', () => held.push(() => (server.accepted.push(text), callback(null, 'OK'))));
      },
    },
    { maxConnections: 1 },
  );
  return { held, server, pool };
}

const envelope = { from: 'a@sales.example', to: ['b@corp.example'] };
const message = (n: number) => `Subject: ${n}\r\n\r\nbody ${n}\r\n`;
const until = async (pred: () => boolean, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('createSmtpPool', () => {
  it('sends concurrent messages over at most maxConnections reused connections', async () => {
    const { server, pool } = await setup({}, { maxConnections: 2 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.send(envelope, message(i))));
    expect(results.every((r) => r.response.startsWith('250'))).toBe(true);
    expect(server.accepted).toHaveLength(20);
    expect(server.connections).toBe(2);
  });

  it('keeps using a connection after the server refused one message', async () => {
    const { server, pool } = await setup(
      {
        onRcptTo(address, _session, callback) {
          if (address.address.startsWith('nobody')) return callback(Object.assign(new Error('no such user'), { responseCode: 550 }));
          callback();
        },
      },
      { maxConnections: 1 },
    );
    const refused = await pool.send({ ...envelope, to: ['nobody@corp.example'] }, message(1)).catch((e) => e);
    expect(refused).toMatchObject({ responseCode: 550, started: false });
    await pool.send(envelope, message(2));
    expect(server.accepted).toHaveLength(1);
    expect(server.connections).toBe(1);
  });

  it('replaces a reused connection the server closed before the message went out', async () => {
    let mails = 0;
    const { server, pool } = await setup(
      {
        onMailFrom(_address, _session, callback) {
          mails += 1;
          // The second MAIL FROM on the first connection: the server is going away.
          if (mails === 2) return callback(Object.assign(new Error('closing'), { responseCode: 421 }));
          callback();
        },
      },
      { maxConnections: 1 },
    );
    await pool.send(envelope, message(1));
    await pool.send(envelope, message(2));
    expect(server.accepted).toHaveLength(2);
    expect(server.connections).toBe(2);
  });

  it('logs in when the sender has credentials', async () => {
    const onAuth: SMTPServerOptions['onAuth'] = (auth, _session, callback) =>
      auth.username === 'u' && auth.password === 'p' ? callback(null, { user: 'u' }) : callback(new Error('bad credentials'));
    const good = await setup({ authOptional: false, onAuth }, { auth: { user: 'u', pass: 'p' } });
    await good.pool.send(envelope, message(1));
    expect(good.server.accepted).toHaveLength(1);
    const bad = await setup({ authOptional: false, onAuth }, { auth: { user: 'u', pass: 'wrong' } });
    await expect(bad.pool.send(envelope, message(1))).rejects.toMatchObject({ code: 'EAUTH' });
    expect(bad.server.accepted).toHaveLength(0);
  });

  it('closes connections left idle', async () => {
    const { server, pool } = await setup({}, { idleMs: 100 });
    await pool.send(envelope, message(1));
    expect(server.open).toBe(1);
    await until(() => server.open === 0);
  });

  it('gives up at the caller deadline, and a message still waiting for a connection is never sent', async () => {
    const { held, server, pool } = await setupHeld();
    const first = pool.send(envelope, message(1));
    await until(() => held.length === 1);
    const waiting = new AbortController();
    const queued = pool.send(envelope, message(2), waiting.signal);
    waiting.abort();
    await expect(queued).rejects.toMatchObject({ code: 'EABORT', started: false });
    held.shift()!();
    await first;
    // Handed over, then abandoned: the server may have it, and the error says so.
    const late = new AbortController();
    const handedOver = pool.send(envelope, message(3), late.signal);
    await until(() => held.length === 1);
    late.abort();
    await expect(handedOver).rejects.toMatchObject({ code: 'EABORT', started: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(server.accepted.map((t) => /Subject: (\d)/.exec(t)?.[1])).toEqual(['1']);
  });

  it('announces a message once, when a connection is ready for it; a refused announcement sends nothing', async () => {
    const { held, server, pool } = await setupHeld();
    const announced: number[] = [];
    const first = pool.send(envelope, message(1), undefined, async () => void announced.push(1));
    await until(() => held.length === 1);
    // The only connection is busy: the second message waits for it, unannounced.
    const second = pool.send(envelope, message(2), undefined, async () => void announced.push(2));
    const refused = pool.send(envelope, message(3), undefined, async () => Promise.reject(new Error('not yours')));
    await new Promise((r) => setTimeout(r, 100));
    expect(announced).toEqual([1]);
    held.shift()!();
    await first;
    await until(() => held.length === 1);
    expect(announced).toEqual([1, 2]);
    held.shift()!();
    await second;
    await expect(refused).rejects.toThrow('not yours');
    // The connection the refused message had is used again.
    const fourth = pool.send(envelope, message(4));
    await until(() => held.length === 1);
    held.shift()!();
    await fourth;
    expect(server.accepted.map((t) => /Subject: (\d)/.exec(t)?.[1])).toEqual(['1', '2', '4']);
    expect(server.connections).toBe(1);
  });

  it('refuses sends once closed', async () => {
    const { pool } = await setup();
    pool.close();
    await expect(pool.send(envelope, message(1))).rejects.toMatchObject({ code: 'ECONNECTION' });
  });
});
