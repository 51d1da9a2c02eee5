import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../support/free-port.ts';

const BIN = fileURLToPath(new URL('../../../bin/og-gateway.js', import.meta.url));

// Whatever a failed test leaves running is killed when its file ends.
const alive = new Set<ChildProcess>();
if (process.env.VITEST) (await import('vitest')).afterAll(() => alive.forEach((c) => c.kill('SIGKILL')));

export interface StandaloneStore {
  /** For MONGODB_URI: the same address across restarts. */
  uri(dbName: string): string;
  pid(): number;
  /** SIGSTOP: the process keeps its sockets open and answers nothing. */
  pause(): void;
  /** SIGCONT: a paused process goes on with what its sockets hold. */
  resume(): void;
  /** SIGKILL (also of a paused process); resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts a new server on the same data directory and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function spawnMongod(dbPath: string, port: number): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'mongod', '--dbpath', dbPath, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  alive.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (alive.delete(child), resolve())));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`og-gateway mongod did not start within 30 s:\n${out}`)), 30_000);
    const seen = (d: Buffer) => {
      out += d.toString();
      if (/^mongodb:\/\//m.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(() => reject(new Error(`og-gateway mongod exited:\n${out}`)));
  });
  return { child, exited };
}

/** `og-gateway mongod` as its own process, on a fixed port so a restart keeps its address. */
export async function startStandaloneStore(dbPath: string): Promise<StandaloneStore> {
  const port = await freePort();
  let current = await spawnMongod(dbPath, port);
  return {
    uri: (dbName) => `mongodb://127.0.0.1:${port}/${dbName}?directConnection=true`,
    pid: () => current.child.pid!,
    pause: () => process.kill(current.child.pid!, 'SIGSTOP'),
    resume: () => process.kill(current.child.pid!, 'SIGCONT'),
    async kill() {
      process.kill(current.child.pid!, 'SIGKILL');
      await current.exited;
    },
    async restart() {
      current = await spawnMongod(dbPath, port);
    },
    async stop() {
      if (current.child.exitCode !== null || current.child.signalCode !== null) return;
      current.child.kill('SIGTERM');
      await current.exited;
    },
  };
}
