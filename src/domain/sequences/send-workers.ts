export interface SendWorkersOptions<T> {
  /** How many items are processed at once (and so at most how many are claimed and not yet done). */
  concurrency: number;
  /** Claims up to `room` due items; `found` is how many were due (some may be lost to other processes). */
  claim(room: number): Promise<{ found: number; items: T[] }>;
  process(item: T): Promise<void>;
  /** True once no new claim may start (graceful stop); claimed items are still processed. */
  stopping(): boolean;
  onError(err: unknown): void;
}

/**
 * Runs `concurrency` workers over due items, claiming only what idle workers can start
 * at once: a claim is made when at least a quarter of the workers (or all of them) are
 * idle, for exactly that many. So a process that dies holds few claims that no send was
 * started for, and those wait only for their lease. Ends when a claim finds nothing due
 * and every worker is idle — after one more look if items were processed since, as a
 * processed item may have made its follow-up due. Returns how many items were found due.
 * A failed claim ends the run once the items in hand are done, and is rethrown.
 */
export async function runSendWorkers<T>(opts: SendWorkersOptions<T>): Promise<number> {
  const queue: T[] = [];
  const minClaim = Math.max(1, Math.floor(opts.concurrency / 4));
  let busy = 0;
  let found = 0;
  let drained = false;
  let doneSinceDrain = 0;
  let claiming: Promise<void> | null = null;
  let failure: { err: unknown } | null = null;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  };
  const change = () => new Promise<void>((resolve) => waiters.push(resolve));

  function claim(): Promise<void> {
    claiming ??= (async () => {
      const got = await opts.claim(opts.concurrency - busy - queue.length);
      found += got.found;
      drained = got.found === 0;
      if (drained) doneSinceDrain = 0;
      queue.push(...got.items);
    })()
      .catch((err) => void (failure = { err }))
      .finally(() => {
        claiming = null;
        wake();
      });
    return claiming;
  }

  async function worker(): Promise<void> {
    for (;;) {
      const item = queue.shift();
      if (item !== undefined) {
        busy += 1;
        try {
          await opts.process(item);
        } catch (err) {
          opts.onError(err);
        } finally {
          busy -= 1;
          doneSinceDrain += 1;
          wake();
        }
        continue;
      }
      if (failure || opts.stopping()) return;
      if (claiming) await claiming;
      else if (drained && busy === 0 && doneSinceDrain === 0) return;
      else if (drained && busy > 0) await change();
      else if (drained || busy === 0 || opts.concurrency - busy >= minClaim) await claim();
      else await change();
    }
  }

  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  if (failure) throw (failure as { err: unknown }).err;
  return found;
}
