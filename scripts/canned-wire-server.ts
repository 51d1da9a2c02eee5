// A wire server that does no database work: it answers every command with a fixed reply
// (one stored document for find, an acknowledgement for the rest), on a worker thread over
// a unix socket, as the gateway's embedded store runs. bench:store measures the driver
// against it to show how many operations per second the driver itself allows on this
// machine, whatever the server does: the ceiling any store figure is read against.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createServer, type Socket } from 'node:net';
import { BSON } from 'bson';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const MORE_TO_COME = 2;

export interface CannedWireServer {
  uri: string;
  close(): Promise<void>;
}

/** Starts the canned server on a worker thread listening on `socketPath`; `stored` is what every find returns. */
export function startCannedWireServer(socketPath: string, stored?: Record<string, unknown>): Promise<CannedWireServer> {
  const entry = new URL(import.meta.url).href;
  // Same boot as the embedded store's worker: register tsx, then load this file.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { socketPath, stored } });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () =>
      resolve({
        uri: `mongodb://${encodeURIComponent(socketPath)}/?directConnection=true`,
        close: async () => void (await worker.terminate()),
      }),
    );
  });
}

function frame(requestId: number, responseTo: number, opCode: number, prefix: Buffer, body: Uint8Array): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + prefix.length + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, prefix, body]);
}

function serve(socketPath: string, given?: Record<string, unknown>): void {
  const stored = given ?? { _id: new BSON.ObjectId(), email: 'user1@example.test', n: 1, status: 'active', hits: 0 };
  const hello = () => ({
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    minWireVersion: 0,
    maxWireVersion: 17,
    ok: 1,
  });
  const replyTo = (cmd: Record<string, unknown>): Record<string, unknown> => {
    const name = Object.keys(cmd)[0];
    if (name === 'find') return { cursor: { firstBatch: [stored], id: BSON.Long.ZERO, ns: `${String(cmd.$db)}.${String(cmd.find)}` }, ok: 1 };
    if (name === 'findAndModify') return { lastErrorObject: { n: 1, updatedExisting: true }, value: stored, ok: 1 };
    if (name === 'hello' || name.toLowerCase() === 'ismaster') return hello();
    return { n: 1, ok: 1 };
  };
  let requestId = 1;
  const onConnection = (socket: Socket) => {
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      const out: Buffer[] = [];
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const message = pending.subarray(0, pending.readInt32LE(0));
        pending = pending.subarray(message.length);
        const id = message.readInt32LE(4);
        if (message.readInt32LE(12) === OP_QUERY) {
          // The legacy handshake: OP_REPLY with flags, cursor id, starting from, count.
          const prefix = Buffer.alloc(20);
          prefix.writeInt32LE(1, 16);
          out.push(frame(requestId++, id, OP_REPLY, prefix, BSON.serialize(hello())));
          continue;
        }
        if (message.readInt32LE(12) !== OP_MSG || message.readUInt32LE(16) & MORE_TO_COME) continue;
        const cmd = BSON.deserialize(message.subarray(21, 21 + message.readInt32LE(21)));
        out.push(frame(requestId++, id, OP_MSG, Buffer.alloc(5), BSON.serialize(replyTo(cmd))));
      }
      if (out.length > 0) socket.write(out.length === 1 ? out[0] : Buffer.concat(out));
    });
    socket.on('error', () => socket.destroy());
  };
  createServer(onConnection).listen(socketPath, () => parentPort?.postMessage('listening'));
}

const data = workerData as { socketPath?: string; stored?: Record<string, unknown> } | null;
if (!isMainThread && data?.socketPath) serve(data.socketPath, data.stored);
