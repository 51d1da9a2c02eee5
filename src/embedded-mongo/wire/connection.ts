import type { Socket } from 'node:net';
import type { Document } from 'bson';
import {
  HEADER_SIZE,
  OP_MSG,
  OP_QUERY,
  ProtocolError,
  encodeOpMsg,
  encodeOpReply,
  parseOpMsg,
  parseOpQuery,
  readHeader,
  type CommandRequest,
} from './messages.ts';
import type { Logger } from '../logger.ts';

export interface ConnectionDeps {
  maxMessageSizeBytes: number;
  logger: Logger;
  nextRequestId(): number;
  // Runs one command synchronously; returns the reply body (ignored for moreToCome).
  execute(request: CommandRequest, connectionId: number): Document;
}

// Frames the byte stream into messages and answers each in order. Anything malformed
// closes this connection only; the server and its other clients carry on.
export function attachConnection(socket: Socket, connectionId: number, deps: ConnectionDeps): void {
  let chunks: Buffer[] = [];
  let buffered = 0;
  socket.setNoDelay(true);
  socket.on('error', (err) => deps.logger.warn({ connectionId, err: err.message }, 'embedded-mongo connection error'));
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.length;
    try {
      drain();
    } catch (err) {
      deps.logger.warn({ connectionId, err: (err as Error).message }, 'embedded-mongo closing connection');
      chunks = [];
      buffered = 0;
      socket.destroy();
    }
  });

  function drain(): void {
    while (buffered >= 4 && !socket.destroyed) {
      const head = chunks[0].length >= 4 ? chunks[0] : concatAll();
      const length = head.readInt32LE(0);
      if (length < HEADER_SIZE + 1 || length > deps.maxMessageSizeBytes) {
        throw new ProtocolError(`message length ${length} out of bounds`);
      }
      if (buffered < length) return;
      const all = chunks[0].length >= length ? chunks[0] : concatAll();
      const msg = all.subarray(0, length);
      const rest = all.subarray(length);
      chunks = rest.length ? [rest] : [];
      buffered -= length;
      handleMessage(msg);
    }
  }

  function concatAll(): Buffer {
    const all = Buffer.concat(chunks, buffered);
    chunks = [all];
    return all;
  }

  function handleMessage(msg: Buffer): void {
    const header = readHeader(msg);
    let request: CommandRequest;
    if (header.opCode === OP_MSG) request = parseOpMsg(msg);
    else if (header.opCode === OP_QUERY) request = parseOpQuery(msg);
    else throw new ProtocolError(`unsupported opCode ${header.opCode}`);
    const reply = deps.execute(request, connectionId);
    if (request.moreToCome) return;
    const out = request.legacy ? encodeOpReply(deps.nextRequestId(), header.requestId, reply) : encodeOpMsg(deps.nextRequestId(), header.requestId, reply);
    socket.write(out);
  }
}
