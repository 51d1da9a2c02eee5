import { parentPort, workerData } from 'node:worker_threads';
import type { EmbeddedMongoOptions } from './index.ts';
import { startEmbeddedMongo } from './start.ts';
import type { Logger } from './logger.ts';

// Runs the server on its own thread (and core); logs and lifecycle go over the port.
const port = parentPort;
if (!port) throw new Error('worker-entry must run as a worker thread');

const log = (level: keyof Logger) => (obj: object, msg?: string) => port.postMessage({ type: 'log', level, obj, msg });
const opts = workerData as Omit<EmbeddedMongoOptions, 'logger' | 'now'> & { hasLogger: boolean };
const logger: Logger | undefined = opts.hasLogger ? { info: log('info'), warn: log('warn'), error: log('error') } : undefined;

startEmbeddedMongo({ ...opts, logger }).then(
  (server) => {
    port.on('message', (msg: { type: string }) => {
      if (msg.type !== 'close') return;
      server.close().then(
        () => port.postMessage({ type: 'closed' }),
        (err: Error) => port.postMessage({ type: 'closed', error: err.message }),
      );
    });
    port.postMessage({ type: 'ready', uri: server.uri, socketUri: server.socketUri, host: server.host, port: server.port });
  },
  (err: Error) => port.postMessage({ type: 'failed', error: err.message }),
);
