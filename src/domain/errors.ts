// Every error a client can see is an ApiError with a stable code. Anything else that
// escapes a handler is a bug: the HTTP layer answers it with a bare 500 and logs it.

export type ErrorDetails = Record<string, unknown>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: ErrorDetails;
  readonly headers?: Record<string, string>;
  // Extra top-level fields some published errors carry (AGENT_BUSY's currentRun, …).
  readonly extra?: Record<string, unknown>;

  constructor(opts: {
    status: number;
    code: string;
    message: string;
    details?: ErrorDetails;
    headers?: Record<string, string>;
    extra?: Record<string, unknown>;
  }) {
    super(opts.message);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.details = opts.details;
    this.headers = opts.headers;
    this.extra = opts.extra;
  }
}

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;

export const validationError = (message: string, details?: ErrorDetails): ApiError => new ApiError({ status: 400, code: 'VALIDATION_ERROR', message, details });

export const badRequest = (code: string, message: string, details?: ErrorDetails): ApiError => new ApiError({ status: 400, code, message, details });

export const unauthorized = (message = 'Missing or invalid API key'): ApiError => new ApiError({ status: 401, code: 'UNAUTHORIZED', message });

export const forbidden = (message: string): ApiError => new ApiError({ status: 403, code: 'FORBIDDEN', message });

export const notFound = (code: string, message: string): ApiError => new ApiError({ status: 404, code, message });

export const conflict = (code: string, message: string, details?: ErrorDetails): ApiError => new ApiError({ status: 409, code, message, details });

export const idempotencyError = (message: string): ApiError => new ApiError({ status: 409, code: 'IDEMPOTENCY_ERROR', message });

export const payloadTooLarge = (message: string, code = 'PAYLOAD_TOO_LARGE'): ApiError => new ApiError({ status: 413, code, message });

export const unsupportedMediaType = (message: string): ApiError => new ApiError({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message });

export const unprocessable = (message: string, details?: ErrorDetails): ApiError => new ApiError({ status: 422, code: 'VALIDATION_ERROR', message, details });

export const rateLimited = (retryAfterSeconds: number): ApiError =>
  new ApiError({
    status: 429,
    code: 'RATE_LIMITED',
    message: `Rate limit exceeded; retry in ${retryAfterSeconds} s`,
    headers: { 'retry-after': String(retryAfterSeconds) },
  });

export const routeNotFound = (): ApiError => new ApiError({ status: 404, code: 'NOT_FOUND', message: 'No such route' });

export const methodNotAllowed = (): ApiError =>
  new ApiError({ status: 405, code: 'METHOD_NOT_ALLOWED', message: 'This path does not accept that method; see the Allow header' });

export const notImplemented = (): ApiError => new ApiError({ status: 501, code: 'NOT_IMPLEMENTED', message: 'Unknown HTTP method' });

export const operationNotServed = (operationId: string): ApiError =>
  new ApiError({
    status: 501,
    code: 'NOT_IMPLEMENTED',
    message: `${operationId} is part of the published Origami API but this gateway does not serve it`,
    details: { operationId },
  });

// Requests node:http refuses before the app sees them (answered by http/client-error.ts).
export const headersTooLarge = (): ApiError =>
  new ApiError({ status: 431, code: 'HEADERS_TOO_LARGE', message: 'The request line and headers exceed 16384 bytes' });

export const requestTimeout = (): ApiError => new ApiError({ status: 408, code: 'REQUEST_TIMEOUT', message: 'The request was not received in time' });

export const malformedRequest = (): ApiError => new ApiError({ status: 400, code: 'MALFORMED_REQUEST', message: 'The request is not valid HTTP/1.1' });

export const missingHost = (): ApiError => new ApiError({ status: 400, code: 'MALFORMED_REQUEST', message: 'An HTTP/1.1 request must carry a Host header' });

export const expectationFailed = (): ApiError =>
  new ApiError({ status: 417, code: 'EXPECTATION_FAILED', message: 'The only expectation supported is Expect: 100-continue' });

export const connectNotSupported = (): ApiError =>
  new ApiError({ status: 501, code: 'NOT_IMPLEMENTED', message: 'CONNECT is not supported: the gateway is not a proxy' });

export const serviceUnavailable = (message: string): ApiError => new ApiError({ status: 503, code: 'SERVICE_UNAVAILABLE', message });

// Agent runs (published codes AGENT_BUSY and CONCURRENT_LIMIT_EXCEEDED, with their extra fields).
export const agentBusy = (currentRun: { id: string; startedAt: string }): ApiError =>
  new ApiError({ status: 409, code: 'AGENT_BUSY', message: 'A run is already in flight on this agent', extra: { currentRun } });

export const concurrentLimitExceeded = (
  limit: number,
  activeSessions: { agentId: string; name: string; startedAt: string }[],
  retryAfterSeconds: number,
): ApiError =>
  new ApiError({
    status: 429,
    code: 'CONCURRENT_LIMIT_EXCEEDED',
    message: `The organization already has ${limit} agent run(s) in flight on this worker; wait for one to finish`,
    headers: { 'retry-after': String(retryAfterSeconds) },
    extra: { limit, activeSessions, canUpgrade: false },
  });

export const noAgentWorker = (): ApiError =>
  new ApiError({
    status: 409,
    code: 'NO_AGENT_WORKER',
    message: 'No agent worker is configured for this organization; register one with POST /api/v2/agent-workers',
  });

// Sequences and campaigns (published codes MISSING_SCOPE, SEQUENCE_HAS_SENT_MESSAGES, NO_SENDING_ACCOUNT).
export const missingScope = (): ApiError =>
  new ApiError({ status: 400, code: 'MISSING_SCOPE', message: 'Pass one of tableId, columnId or workspaceId to bound the list' });

export const sequenceHasSentMessages = (sequenceId: string): ApiError =>
  new ApiError({
    status: 409,
    code: 'SEQUENCE_HAS_SENT_MESSAGES',
    message: 'This sequence has sent messages; pass force=true to delete it anyway',
    details: { sequenceId },
  });

export const noSendingAccount = (missingChannels: string[]): ApiError =>
  new ApiError({
    status: 409,
    code: 'NO_SENDING_ACCOUNT',
    message: `No active sending account for: ${missingChannels.join(', ')}; create a sender and set it on the campaign`,
    details: { missingChannels },
  });
