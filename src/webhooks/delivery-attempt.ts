import type { Logger } from 'pino';
import type { Clock } from '../domain/shared/clock.ts';
import type { AttemptOutcome, AttemptRecord, DeliveryRecord, DeliveryStore, EndpointRecord, EndpointStore, LastDelivery } from '../domain/webhooks/types.ts';
import { OutboundError, type OutboundClient } from '../outbound/http-client.ts';
import { classifyAttempt, nextRetryDelayMs, parseRetryAfter, type AttemptResult, type Verdict } from './retry-policy.ts';
import type { DisableCause, DisableEndpoint } from './endpoint-disabled.ts';
import { signedHeaders } from '../outbound/signing.ts';

export const RESPONSE_LOG_BYTES = 2048;
export const USER_AGENT = 'og-gateway-webhooks/0.1';

export interface AttemptDeps {
  endpoints: EndpointStore;
  deliveries: DeliveryStore;
  client: OutboundClient;
  clock: Clock;
  random: () => number;
  logger: Logger;
  /** Names this process in delivery leases. */
  owner: string;
  timeoutMs: number;
  retryScheduleSeconds: readonly number[];
  disableAfterFailures: number;
  onOutcome(saved: DeliveryRecord, verdict: Verdict): void;
  /** The hot path: successful attempts are written in batches (group commit). */
  finishDelivered(d: DeliveryRecord, set: Partial<DeliveryRecord>, attempt: AttemptRecord): Promise<void>;
  /**
   * Notes a success as the endpoint's last delivery when no endpoint write carries it
   * (batched, not awaited: the hot path gains no round trip).
   */
  noteDelivered(endpoint: EndpointRecord, at: Date): void;
  /** Disables the endpoint and announces it (webhook.endpoint.disabled). */
  disableEndpoint: DisableEndpoint;
}

/** The secrets that sign now: the current one, and the previous one during its overlap. */
export function activeSecrets(endpoint: EndpointRecord, now: Date): string[] {
  const previousValid = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now;
  return previousValid ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

async function send(deps: AttemptDeps, d: DeliveryRecord, endpoint: EndpointRecord) {
  const now = deps.clock.now();
  // webhook-timestamp is the dispatch time of this attempt; the body never changes.
  const headers = {
    ...endpoint.headers,
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    ...signedHeaders(activeSecrets(endpoint, now), d.eventId, Math.floor(now.getTime() / 1000), d.body),
  };
  const started = performance.now();
  try {
    const res = await deps.client.send({ url: endpoint.url, headers, body: d.body, timeoutMs: deps.timeoutMs, maxResponseBytes: RESPONSE_LOG_BYTES });
    const retryAfter = res.headers['retry-after'];
    const result: AttemptResult = { status: res.status, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter };
    return { result, responseBody: res.body.toString('utf8'), latencyMs: res.latencyMs };
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    return { result: { failure: err.kind, message: err.message } as AttemptResult, responseBody: null, latencyMs: performance.now() - started };
  }
}

/** Counts a failure on the endpoint and disables it when the receiver asked (410) or kept failing. */
async function endpointAfterFailure(deps: AttemptDeps, endpoint: EndpointRecord, verdict: Verdict, last: LastDelivery): Promise<string | null> {
  const failures = await deps.endpoints.recordFailure(endpoint.orgId, endpoint.id, last);
  const cause: DisableCause | null = verdict.kind === 'gone' ? 'gone' : failures >= deps.disableAfterFailures ? 'consecutive_failures' : null;
  if (!cause) return null;
  const reason = cause === 'gone' ? 'the endpoint answered 410 Gone' : `${failures} consecutive failed attempts`;
  await deps.disableEndpoint(endpoint, cause, reason, deps.clock.now());
  return `endpoint disabled: ${reason}`;
}

const outcomeOf = (status: DeliveryRecord['status']): AttemptOutcome => (status === 'pending' ? 'retry' : status);

/**
 * One attempt of a delivery whose lease this process holds: sign, send, classify, log
 * the attempt and decide what comes next (delivered, a retry time, or given up). Returns
 * the saved delivery when it was not delivered (a delivered one is written in a batch).
 */
export async function attemptDelivery(deps: AttemptDeps, d: DeliveryRecord, endpoint: EndpointRecord): Promise<DeliveryRecord | null> {
  const { result, responseBody, latencyMs } = await send(deps, d, endpoint);
  const verdict = classifyAttempt(result);
  const at = deps.clock.now();
  const attempts = d.attempts + 1;
  const cycleAttempts = d.cycleAttempts + 1;
  const set: Partial<DeliveryRecord> = { attempts, cycleAttempts, leaseOwner: null, leaseUntil: null, updatedAt: at };
  set.lastResponseStatus = 'status' in result ? result.status : null;
  let error: string | null = verdict.kind === 'delivered' ? null : verdict.reason;
  if (verdict.kind === 'delivered') {
    Object.assign(set, { status: 'delivered', deliveredAt: at, nextAttemptAt: null });
    // The reset of the failure count carries the last delivery; otherwise a batched note does.
    if (endpoint.consecutiveFailures > 0) await deps.endpoints.recordSuccess(endpoint.orgId, endpoint.id, { at, status: 'delivered' });
    else deps.noteDelivered(endpoint, at);
  } else {
    const retryAfter = 'status' in result ? parseRetryAfter(result.retryAfter, at) : null;
    const delay =
      verdict.kind === 'retry'
        ? nextRetryDelayMs({ schedule: deps.retryScheduleSeconds, attemptsMade: cycleAttempts, random: deps.random, retryAfterSeconds: retryAfter })
        : null;
    if (delay !== null) Object.assign(set, { status: 'pending', nextAttemptAt: new Date(at.getTime() + delay) });
    else {
      if (verdict.kind === 'retry') error = `${error}; gave up after ${cycleAttempts} attempts`;
      Object.assign(set, { status: verdict.kind === 'retry' ? 'failed' : 'dropped', nextAttemptAt: null });
    }
    // The failure count's write carries the last delivery.
    const disabled = await endpointAfterFailure(deps, endpoint, verdict, { at, status: outcomeOf(set.status!) });
    if (disabled) error = `${error}; ${disabled}`;
  }
  set.lastError = error;
  const attempt: AttemptRecord = {
    attempt: attempts,
    at,
    outcome: outcomeOf(set.status!),
    responseStatus: set.lastResponseStatus ?? null,
    responseBody,
    latencyMs: Math.round(latencyMs * 10) / 10,
    error,
    nextAttemptAt: set.nextAttemptAt ?? null,
  };
  if (verdict.kind === 'delivered') {
    await deps.finishDelivered(d, set, attempt);
    return null;
  }
  const saved = await deps.deliveries.finishAttempt(d.orgId, d.id, deps.owner, set, attempt);
  if (saved) deps.onOutcome(saved, verdict);
  return saved;
}
