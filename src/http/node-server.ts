import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { connectNotSupported, expectationFailed, missingHost, type ApiError } from '../domain/errors.ts';
import { answerClientError, endSocketWithError } from './client-error.ts';
import { toErrorResponse } from './error-response.ts';

// node:http answers some requests itself, before the app sees them: a missing Host
// (400), an Expect other than 100-continue (417) with empty bodies, and CONNECT by
// closing the connection. Each is answered here in the error envelope instead, so
// clients parse one shape whatever went wrong.

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

function respondWithError(res: ServerResponse, err: ApiError): void {
  const { status, headers, body } = toErrorResponse(err);
  const text = JSON.stringify(body);
  // The request's body (if any) is not read: the connection cannot be reused safely.
  res.shouldKeepAlive = false;
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), connection: 'close' });
  res.end(text);
}

/** The HTTP server the gateway listens with: `listener` gets every request Node would have answered itself. */
export function createHttpServer(listener: Listener, opts: { requestTimeoutMs: number; headersTimeoutMs: number }): Server {
  const server = createServer({ requireHostHeader: false, requestTimeout: opts.requestTimeoutMs, headersTimeout: opts.headersTimeoutMs }, (req, res) => {
    const http11 = req.httpVersionMajor === 1 && req.httpVersionMinor === 1;
    if (http11 && req.headers.host === undefined) return respondWithError(res, missingHost());
    listener(req, res);
  });
  server.on('clientError', answerClientError);
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => respondWithError(res, expectationFailed()));
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    endSocketWithError(socket, connectNotSupported());
  });
  return server;
}
