/**
 * The smallest id minted at `at` or later: ids are UUIDv7, whose first 48 bits (12 hex
 * digits) are the unix milliseconds they were minted at, so ids below it are older. (Under
 * an idempotency claim that time is the claim's start: a retry mints its first attempt's ids.)
 */
export function firstIdAt(at: Date): string {
  const hex = Math.max(0, at.getTime()).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}
