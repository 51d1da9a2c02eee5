import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSecret, signedHeaders } from '../../src/outbound/signing.ts';

// Each example receiver under examples/receivers, run with its own runtime, gets requests
// signed by the gateway's signing code: a valid one is accepted, every altered one refused.
// A runtime this machine lacks is skipped with the reason printed.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = generateSecret();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore', timeout: 10_000 }).status === 0;
const runtimes = {
  node: true,
  python3: has('python3', ['--version']),
  shell: has('bash', ['--version']) && has('openssl', ['version']),
};
for (const [name, ok] of Object.entries(runtimes)) if (!ok) console.log(`examples/receivers: skipping the ${name} receiver: its runtime is not installed here`);

interface Signed {
  body: string;
  headers: Record<string, string>;
}

function signed(over: { secret?: string; ts?: number; body?: string; extraSecret?: string } = {}): Signed {
  const id = `msg_${randomUUID()}`;
  const body = JSON.stringify({ type: 'sequence.message.sent', id, timestamp: new Date().toISOString(), data: { sequence_id: randomUUID() } });
  const ts = over.ts ?? Math.floor(Date.now() / 1000);
  const secrets = [...(over.extraSecret ? [over.extraSecret] : []), over.secret ?? SECRET];
  return { body: over.body ?? body, headers: { 'content-type': 'application/json', ...signedHeaders(secrets, id, ts, body) } };
}

/** The requests every receiver must answer: [what, request, accepted?]. */
function cases(): [string, Signed, boolean][] {
  const valid = signed();
  return [
    ['a valid delivery', valid, true],
    ['one signed with two secrets, the second one ours (rotation)', signed({ extraSecret: generateSecret() }), true],
    ['a tampered body', { ...valid, body: valid.body.replace('sequence.message.sent', 'sequence.reply.received') }, false],
    ['a body signed with another secret', signed({ secret: generateSecret() }), false],
    ['a delivery ten minutes old', signed({ ts: Math.floor(Date.now() / 1000) - 600 }), false],
    [
      'no signature header',
      {
        body: valid.body,
        headers: { 'content-type': 'application/json', 'webhook-id': valid.headers['webhook-id'], 'webhook-timestamp': valid.headers['webhook-timestamp'] },
      },
      false,
    ],
  ];
}

/** Starts a receiver that prints `listening on http://host:port/…` and returns that URL. */
async function serve(cmd: string, args: string[]): Promise<string> {
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, WEBHOOK_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(' ')} did not start:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code}:\n${out}`)));
  });
}

async function post(url: string, req: Signed): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(15_000) });
  await res.arrayBuffer();
  return res.status;
}

/** Feeds one raw HTTP request to the shell receiver, as socat would, and reads its status. */
function viaShell(req: Signed): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['examples/receivers/shell-receiver.sh'], {
      cwd: ROOT,
      env: { ...process.env, WEBHOOK_SECRET: SECRET },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the shell receiver did not answer'));
    }, 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(out)?.[1];
      if (status) resolve(Number(status));
      else reject(new Error(`no HTTP answer: ${out}`));
    });
    const body = Buffer.from(req.body);
    const head = Object.entries({ ...req.headers, host: '127.0.0.1', 'content-length': String(body.length) })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    child.stdin.end(Buffer.concat([Buffer.from(`POST /webhooks HTTP/1.1\r\n${head}\r\n`), body]));
  });
}

async function expectVerdicts(send: (req: Signed) => Promise<number>) {
  for (const [what, req, accepted] of cases()) {
    const status = await send(req);
    if (accepted) expect(status, what).toBe(204);
    else expect(status, what).toBe(401);
  }
}

describe('example webhook receivers', () => {
  it('node (standardwebhooks) accepts a valid delivery and refuses altered ones', async () => {
    const url = await serve(process.execPath, ['examples/receivers/node-receiver.mjs']);
    await expectVerdicts((req) => post(url, req));
  }, 60_000);

  it.skipIf(!runtimes.python3)(
    'python (standard library hmac) accepts a valid delivery and refuses altered ones',
    async () => {
      const url = await serve('python3', ['examples/receivers/python-receiver.py']);
      await expectVerdicts((req) => post(url, req));
    },
    60_000,
  );

  it.skipIf(!runtimes.shell)(
    'shell (openssl) accepts a valid delivery and refuses altered ones',
    async () => {
      await expectVerdicts(viaShell);
    },
    120_000,
  );
});
