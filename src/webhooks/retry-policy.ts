import type { OutboundFailure } from '../outbound/http-client.ts';

// Contract §3: what an attempt's outcome means for the delivery, and when to retry.

/** Immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const DEFAULT_RETRY_SCHEDULE_SECONDS = [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400];
export const RETRY_JITTER = 0.15;
/** A receiver's Retry-After is honoured up to this; beyond it we retry at this bound. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;

export type AttemptResult = { status: number; retryAfter?: string } | { failure: OutboundFailure; message: string };

export type Verdict =
  | { kind: 'delivered' }
  | { kind: 'retry'; reason: string }
  | { kind: 'drop'; reason: string }
  /** 410: the receiver asks us to stop; the endpoint is disabled. */
  | { kind: 'gone'; reason: string };

export function classifyAttempt(result: AttemptResult): Verdict {
  if ('failure' in result) {
    // A refused or invalid address will not fix itself between attempts.
    if (result.failure === 'refused_address' || result.failure === 'invalid_url') return { kind: 'drop', reason: result.message };
    return { kind: 'retry', reason: result.message };
  }
  const { status } = result;
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410) return { kind: 'gone', reason: 'endpoint answered 410 Gone' };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', reason: `endpoint answered ${status}` };
  if (status >= 300 && status < 400) return { kind: 'drop', reason: `endpoint answered ${status} (redirects are not followed)` };
  return { kind: 'drop', reason: `endpoint answered ${status}` };
}

/** Retry-After as seconds (delta or HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: Date): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * Delay before the next attempt after `attemptsMade` attempts of this cycle, or null when
 * the schedule is exhausted. Never sooner than the receiver's Retry-After (bounded).
 */
export function nextRetryDelayMs(opts: {
  schedule: readonly number[];
  attemptsMade: number;
  random: () => number;
  retryAfterSeconds?: number | null;
}): number | null {
  if (opts.attemptsMade >= opts.schedule.length) return null;
  const base = opts.schedule[opts.attemptsMade] * 1000;
  const jittered = base * (1 + RETRY_JITTER * (2 * opts.random() - 1));
  const asked = opts.retryAfterSeconds == null ? 0 : Math.min(opts.retryAfterSeconds, MAX_RETRY_AFTER_SECONDS) * 1000;
  return Math.round(Math.max(jittered, asked));
}
