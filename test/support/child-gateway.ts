import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_ENCRYPTION_KEY } from './encryption-key.ts';
import { freePort } from './free-port.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildGateway {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

// A test that fails between start and kill must not leave its gateway running (it would
// keep polling the store and skew every later run on the machine): whatever is still
// alive when this process exits is killed.
const alive = new Set<ChildProcess>();
const killAlive = () => {
  for (const child of alive) child.kill('SIGKILL');
};
// vitest ends its forks without an 'exit' event, so under vitest each test file that
// imports this module kills its leftovers after its last test; scripts use 'exit'.
if (process.env.VITEST) (await import('vitest')).afterAll(killAlive);
else process.once('exit', killAlive);

/** Starts `src/main.ts` exactly as `npm start` does, on a free port, and waits for /readyz. */
export async function startChildGateway(env: Record<string, string>, timeoutMs = 30_000, entry = 'src/main.ts'): Promise<ChildGateway> {
  const port = await freePort();
  let log = '';
  const childEnv: Record<string, string | undefined> = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env };
  // Gateways on a shared database must share a key: the test key, unless the test sets one.
  if (childEnv.MONGODB_URI && env.OG_ENCRYPTION_KEY === undefined) childEnv.OG_ENCRYPTION_KEY = TEST_ENCRYPTION_KEY;
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  alive.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      alive.delete(child);
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`gateway exited early (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return { child, url, output: () => log, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`gateway not ready within ${timeoutMs} ms:\n${log}`);
}

/** An authenticated JSON call to a child gateway: its status and parsed body. */
export async function callChild(gw: ChildGateway, key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${gw.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/**
 * The environment of a gateway that a kill test starts, kills and restarts on one data
 * directory: the embedded database (what these tests are about, whatever the suite runs
 * on), loopback peers allowed, the test encryption key (required when `extra` points
 * MONGODB_URI at a stand-alone server several gateways share), and `extra` on top.
 */
export function restartableEnv(dataDir: string, key: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    OG_DATA_DIR: dataDir,
    OG_BOOTSTRAP_KEY: key,
    OG_ALLOW_PRIVATE_NETWORK: 'true',
    LOG_LEVEL: 'warn',
    OG_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ...extra,
  };
  if (process.env.MONGODB_URI) env.MONGODB_URI = '';
  return env;
}
