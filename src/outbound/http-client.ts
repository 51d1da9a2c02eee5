import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { EventEmitter } from 'node:events';
import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import { isPublicAddress, METADATA_HOSTS } from './address-policy.ts';

export interface OutboundRequest {
  url: string;
  method?: 'POST' | 'GET' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  /** The response body is cut here; callers log or parse only a bounded prefix. */
  maxResponseBytes?: number;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  latencyMs: number;
}

export type OutboundFailure = 'timeout' | 'network' | 'refused_address' | 'invalid_url';

export class OutboundError extends Error {
  constructor(readonly kind: OutboundFailure, message: string) {
    super(message);
    this.name = 'OutboundError';
  }
}

/** DNS resolution that refuses non-public answers: the check happens at dial time, on what was resolved. */
function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const usable = allowPrivate ? list : list.filter((a) => isPublicAddress(a.address));
      if (usable.length === 0) return callback(new OutboundError('refused_address', `${hostname} resolves to a non-public address`), []);
      if ((options as { all?: boolean }).all) return callback(null, usable);
      return callback(null, usable[0].address, usable[0].family);
    });
  };
}

function checkUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError('invalid_url', 'not a valid URL');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw new OutboundError('invalid_url', 'only https URLs are allowed');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (METADATA_HOSTS.has(host.toLowerCase()) || (isIP(host) && !isPublicAddress(host)))) {
    throw new OutboundError('refused_address', `${host} is not a public address`);
  }
  return url;
}

interface BodyStream {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  destroy(): void;
}

// Events rather than `for await`: an async iterator per response costs more than the
// small bodies receivers answer with (every webhook attempt reads one).
function readBounded(body: BodyStream, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(Buffer.concat(chunks).subarray(0, max));
    };
    body.on('data', (chunk) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= max) {
        finish();
        body.destroy();
      }
    });
    body.on('end', () => finish());
    body.on('error', (err) => finish(err));
    // Closed before its end without an error (the connection went away): not a complete
    // answer. Every body closes after its end too; only then is no Error built (its stack
    // trace costs more than the rest of reading a small body).
    body.on('close', () => {
      if (!settled) finish(new Error('response body closed early'));
    });
  });
}

/**
 * The hard bound of one call. undici takes an EventEmitter as its abort signal; an
 * AbortSignal (with AbortSignal.timeout, a 30-s timer and weak references that outlive
 * the call) costs an order of magnitude more per call, which shows at thousands of
 * webhook attempts a second. The timer is cleared as soon as the call is over.
 */
function deadline(ms: number) {
  const signal = new EventEmitter() as EventEmitter & { aborted?: boolean };
  const timer = setTimeout(() => {
    signal.aborted = true;
    signal.emit('abort');
  }, ms);
  return { signal, clear: () => clearTimeout(timer) };
}

/**
 * The one way the gateway calls out (webhooks, enrichment, providers, agent workers):
 * pooled keep-alive connections, a hard timeout per call, redirects never followed,
 * and private addresses refused at dial time unless OG_ALLOW_PRIVATE_NETWORK is set.
 */
export function createOutboundClient(opts: { allowPrivateNetwork: boolean; connectionsPerOrigin?: number }) {
  const dispatcher = new Agent({
    connections: opts.connectionsPerOrigin ?? 64,
    keepAliveTimeout: 30_000,
    connect: { lookup: guardedLookup(opts.allowPrivateNetwork) as never, timeout: 10_000 },
  });
  return {
    async send(req: OutboundRequest): Promise<OutboundResponse> {
      const url = checkUrl(req.url, opts.allowPrivateNetwork);
      const started = performance.now();
      const limit = deadline(req.timeoutMs);
      try {
        const res = await request(url, {
          method: req.method ?? 'POST',
          headers: req.headers,
          body: req.body,
          dispatcher,
          signal: limit.signal,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        });
        const body = await readBounded(res.body as never, req.maxResponseBytes ?? 64 * 1024);
        return { status: res.statusCode, headers: res.headers, body, latencyMs: performance.now() - started };
      } catch (err) {
        throw limit.signal.aborted ? new OutboundError('timeout', 'the request timed out') : classify(err);
      } finally {
        limit.clear();
      }
    },
    close: () => dispatcher.close(),
  };
}

function classify(err: unknown): OutboundError {
  if (err instanceof OutboundError) return err;
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown };
  if (e.cause instanceof OutboundError) return e.cause;
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT' || e.code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new OutboundError('timeout', 'the request timed out');
  }
  return new OutboundError('network', e.code ? `network error (${e.code})` : 'network error');
}

export type OutboundClient = ReturnType<typeof createOutboundClient>;
