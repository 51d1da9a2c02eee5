import { promises as dnsPromises, type LookupAddress } from 'node:dns';
import { Agent } from 'undici';
import { withTimeout } from '../domain/shared/with-timeout.ts';
import { checkTargetUrl, resolvedAddressProblem } from './address-policy.ts';
import { boundedRequest, DeadlineExceeded } from './bounded-request.ts';

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
  constructor(
    readonly kind: OutboundFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

/** What the gateway resolves names with; tests inject one to simulate a name rebound to loopback. */
export type HostLookup = (hostname: string) => Promise<LookupAddress[]>;

export const systemLookup: HostLookup = (hostname) => dnsPromises.lookup(hostname, { all: true, verbatim: true });

/** DNS resolution that refuses non-public answers: the check happens at dial time, on what was resolved. */
function guardedLookup(lookup: HostLookup, allowPrivate: boolean) {
  return (hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    withTimeout(lookup(hostname), 10_000).then(
      (list) => {
        const usable = list.filter((a) => resolvedAddressProblem(a.address, { allowPrivateNetwork: allowPrivate }) === null);
        if (usable.length === 0) return callback(new OutboundError('refused_address', `${hostname} resolves to a non-public address`), []);
        if ((options as { all?: boolean }).all) return callback(null, usable);
        return callback(null, usable[0].address, usable[0].family);
      },
      (err: Error) => callback(err, []),
    );
  };
}

function checkUrl(raw: string, allowPrivate: boolean): URL {
  const checked = checkTargetUrl(raw, { allowPrivateNetwork: allowPrivate });
  if (checked.url === null) throw new OutboundError(checked.kind, `the URL ${checked.problem}`);
  return checked.url;
}

/**
 * The one way the gateway calls out (webhooks, enrichment, providers, agent workers):
 * pooled keep-alive connections, a hard timeout per call, redirects never followed,
 * and private addresses refused at dial time unless OG_ALLOW_PRIVATE_NETWORK is set.
 */
export function createOutboundClient(opts: { allowPrivateNetwork: boolean; connectionsPerOrigin?: number; lookup?: HostLookup }) {
  const dispatcher = new Agent({
    connections: opts.connectionsPerOrigin ?? 64,
    keepAliveTimeout: 30_000,
    connect: { lookup: guardedLookup(opts.lookup ?? systemLookup, opts.allowPrivateNetwork) as never, timeout: 10_000 },
  });
  return {
    async send(req: OutboundRequest): Promise<OutboundResponse> {
      const url = checkUrl(req.url, opts.allowPrivateNetwork);
      const started = performance.now();
      try {
        const res = await boundedRequest(dispatcher, {
          url,
          method: req.method ?? 'POST',
          headers: req.headers,
          body: req.body,
          timeoutMs: req.timeoutMs,
          maxResponseBytes: req.maxResponseBytes ?? 64 * 1024,
        });
        return { ...res, latencyMs: performance.now() - started };
      } catch (err) {
        throw classify(err);
      }
    },
    close: () => dispatcher.close(),
    /** True once close() began: the pool takes no new requests. */
    isClosed: () => dispatcher.closed,
  };
}

function classify(err: unknown): OutboundError {
  if (err instanceof OutboundError) return err;
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown };
  if (e.cause instanceof OutboundError) return e.cause;
  if (err instanceof DeadlineExceeded) return new OutboundError('timeout', 'the request timed out');
  if (
    e.name === 'TimeoutError' ||
    e.name === 'AbortError' ||
    e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e.code === 'UND_ERR_BODY_TIMEOUT' ||
    e.code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return new OutboundError('timeout', 'the request timed out');
  }
  return new OutboundError('network', e.code ? `network error (${e.code})` : 'network error');
}

export type OutboundClient = ReturnType<typeof createOutboundClient>;
