// Owned by the rate limiter; storage/repositories implements it on the shared database
// so every gateway process counts against one limit.
export interface RateLimitStore {
  /** Adds `amount` to the window's counter and returns the counter's new total. */
  claim(bucket: string, amount: number, expiresAt: Date): Promise<number>;
}
