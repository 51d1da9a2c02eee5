import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EmbeddedMongo, EmbeddedMongoOptions } from './index.ts';
import { silentLogger, type Logger } from './logger.ts';

type WorkerMessage =
  | { type: 'ready'; uri: string; socketUri?: string; host: string; port: number }
  | { type: 'failed'; error: string }
  | { type: 'closed'; error?: string }
  | { type: 'log'; level: keyof Logger; obj: object; msg?: string };

// The ESM build of tsx's API (its CJS build cannot be import()-ed from a worker).
function tsxEsmApiUrl(): string {
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (resolve) return resolve('tsx/esm/api');
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
}

// Run from TypeScript sources (tsx), the worker registers the tsx loader before
// importing its entry; a compiled build loads the .js entry directly.
function spawnWorker(workerData: object): Worker {
  // tsx's tsImport() adds a query string to module URLs, so look at the path only.
  if (!new URL(import.meta.url).pathname.endsWith('.ts')) return new Worker(new URL('./worker-entry.js', import.meta.url), { workerData });
  const entry = new URL('./worker-entry.ts', import.meta.url).href;
  // Resolved here, not in the worker: an eval worker resolves bare specifiers from the
  // current directory, which need not be this package's.
  const boot = `import(${JSON.stringify(tsxEsmApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

// Same server, but on a worker thread so the gateway's event loop and the database
// use separate cores. The `now` clock cannot cross threads and is not supported here.
export function startEmbeddedMongoWorker(opts: Omit<EmbeddedMongoOptions, 'now'>): Promise<EmbeddedMongo> {
  const { logger = silentLogger, ...rest } = opts;
  const worker = spawnWorker({ ...rest, hasLogger: opts.logger !== undefined });
  return new Promise((resolve, reject) => {
    let closed: (() => void) | undefined;
    let exited = false;
    // If the thread dies, close() must still settle.
    worker.on('exit', () => {
      exited = true;
      closed?.();
    });
    worker.on('error', (err) => {
      logger.error({ err: err.message }, 'embedded-mongo worker error');
      reject(err);
    });
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'log') logger[msg.level](msg.obj, msg.msg);
      else if (msg.type === 'failed') {
        void worker.terminate();
        reject(new Error(msg.error));
      } else if (msg.type === 'closed') closed?.();
      else if (msg.type === 'ready') {
        let closing: Promise<void> | undefined;
        resolve({
          uri: msg.uri,
          socketUri: msg.socketUri,
          host: msg.host,
          port: msg.port,
          close: () =>
            (closing ??= new Promise<void>((done) => {
              closed = () => {
                void worker.terminate().then(() => done());
              };
              if (exited) closed();
              else worker.postMessage({ type: 'close' });
            })),
        });
      }
    });
  });
}
