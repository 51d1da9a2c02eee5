import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { headersTooLarge, malformedRequest, requestTimeout, type ApiError } from '../domain/errors.ts';
import { toErrorResponse } from './error-response.ts';

// Node answers requests it cannot parse (a request line and headers over 16 KB, bad
// framing, a header timeout) itself, before Koa sees them, with a bare status line.
// This answers them in the error envelope instead, so clients parse one shape.
function refusal(code: string | undefined): ApiError {
  if (code === 'HPE_HEADER_OVERFLOW') return headersTooLarge();
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return requestTimeout();
  return malformedRequest();
}

/** Writes `err` in the envelope straight onto a socket no response object owns, and closes it. */
export function endSocketWithError(socket: Duplex, err: ApiError): void {
  const { status, headers, body: envelope } = toErrorResponse(err);
  const body = JSON.stringify(envelope);
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      extra +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** A `clientError` listener for a node:http server. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // A peer that hung up, or a connection in the middle of sending an answer, gets nothing
  // more (the same test node's own handler makes; a kept-alive socket may well have
  // answered earlier requests in full).
  const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  endSocketWithError(socket, refusal(err.code));
}
