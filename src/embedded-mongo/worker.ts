import { Worker } from 'node:worker_threads';
import type { EmbeddedMongo, EmbeddedMongoOptions } from './index.ts';
import { silentLogger, type Logger } from './logger.ts';

type WorkerMessage =
  | { type: 'ready'; uri: string; host: string; port: number }
  | { type: 'failed'; error: string }
  | { type: 'closed'; error?: string }
  | { type: 'log'; level: keyof Logger; obj: object; msg?: string };

// Run from TypeScript sources (tsx), the worker registers the tsx loader before
// importing its entry; a compiled build loads the .js entry directly.
function spawnWorker(workerData: object): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker-entry.js', import.meta.url), { workerData });
  const entry = new URL('./worker-entry.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
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
          host: msg.host,
          port: msg.port,
          close: () => (closing ??= new Promise<void>((done) => {
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
