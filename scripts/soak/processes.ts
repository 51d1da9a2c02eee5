import { spawn, type ChildProcess } from 'node:child_process';
import { startChildGateway, type ChildGateway } from '../../test/support/child-gateway.ts';

// The soak's own child processes: one stand-alone embedded database on a fixed port and
// data directory (so a restart after SIGKILL is the same database at the same address),
// and gateway processes on it. Only these children are ever signalled, by their pid.

export interface Mongod {
  uri: string;
  child: ChildProcess;
  exited: Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function startMongod(dataDir: string, port: number, timeoutMs = 60_000): Promise<Mongod> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'mongod', '--dbpath', dataDir, '--port', String(port)], {
    stdio: ['ignore', 'pipe', process.env.SOAK_VERBOSE ? 'inherit' : 'ignore'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (children.delete(child), resolve())));
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('embedded mongod did not print its URI in time')), timeoutMs);
    child.once('exit', (code) => reject(new Error(`embedded mongod exited (${code})`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('mongodb://'));
      if (line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
  });
  return { uri, child, exited };
}

export interface GatewaySlot {
  name: string;
  gw: ChildGateway | null;
  up: boolean;
}

export async function startGateway(slot: GatewaySlot, env: Record<string, string>): Promise<void> {
  slot.gw = await startChildGateway(env, 120_000);
  children.add(slot.gw.child);
  void slot.gw.exited.then(() => children.delete(slot.gw!.child));
  slot.up = true;
}

/** SIGKILL, then waits for the exit. */
export async function killHard(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  child.kill('SIGKILL');
  await exited;
}

/** SIGTERM, SIGKILL after `graceMs` if it is still running. */
export async function stopGracefully(child: ChildProcess, exited: Promise<unknown>, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Polls `/readyz` of a gateway until it answers 200 or `timeoutMs` passes. */
export async function waitReady(gw: ChildGateway, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${gw.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return true;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}
