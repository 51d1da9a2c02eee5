import { describe, expect, it } from 'vitest';
import { classifyAttempt, DEFAULT_RETRY_SCHEDULE_SECONDS, MAX_RETRY_AFTER_SECONDS, nextRetryDelayMs, parseRetryAfter } from './retry-policy.ts';

describe('retry policy', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [301, 'drop'],
    [302, 'drop'],
    [400, 'drop'],
    [401, 'drop'],
    [404, 'drop'],
    [408, 'retry'],
    [410, 'gone'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
  ])('classifies %i as %s', (status, kind) => {
    expect(classifyAttempt({ status }).kind).toBe(kind);
  });

  it.each([
    ['timeout', 'retry'],
    ['network', 'retry'],
    ['refused_address', 'drop'],
    ['invalid_url', 'drop'],
  ] as const)('classifies a %s failure as %s', (failure, kind) => {
    expect(classifyAttempt({ failure, message: failure }).kind).toBe(kind);
  });

  it('follows the contract schedule with at most 15 % jitter and stops after the tenth attempt', () => {
    expect(DEFAULT_RETRY_SCHEDULE_SECONDS).toEqual([0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
    for (let made = 1; made < 10; made++) {
      const base = DEFAULT_RETRY_SCHEDULE_SECONDS[made] * 1000;
      expect(nextRetryDelayMs({ schedule: DEFAULT_RETRY_SCHEDULE_SECONDS, attemptsMade: made, random: () => 0 })).toBe(Math.round(base * 0.85));
      expect(nextRetryDelayMs({ schedule: DEFAULT_RETRY_SCHEDULE_SECONDS, attemptsMade: made, random: () => 1 })).toBe(Math.round(base * 1.15));
      expect(nextRetryDelayMs({ schedule: DEFAULT_RETRY_SCHEDULE_SECONDS, attemptsMade: made, random: () => 0.5 })).toBe(base);
    }
    expect(nextRetryDelayMs({ schedule: DEFAULT_RETRY_SCHEDULE_SECONDS, attemptsMade: 10, random: () => 0.5 })).toBeNull();
  });

  it('never retries sooner than Retry-After, and bounds it', () => {
    const schedule = [0, 5];
    expect(nextRetryDelayMs({ schedule, attemptsMade: 1, random: () => 0.5, retryAfterSeconds: 60 })).toBe(60_000);
    expect(nextRetryDelayMs({ schedule, attemptsMade: 1, random: () => 0.5, retryAfterSeconds: 1 })).toBe(5_000);
    expect(nextRetryDelayMs({ schedule, attemptsMade: 1, random: () => 0.5, retryAfterSeconds: 10 ** 9 })).toBe(MAX_RETRY_AFTER_SECONDS * 1000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
