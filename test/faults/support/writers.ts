import { setTimeout as sleep } from 'node:timers/promises';

/** One request of a write route, as the client saw it. */
export interface Attempt {
  route: string;
  n: number;
  /** null: no HTTP answer at all (connection refused or reset, or the client timeout). */
  status: number | null;
  body: Record<string, any> | null;
  retryAfter: string | null;
  startedAt: number;
  ms: number;
}

export interface WriteRoute {
  name: string;
  writers: number;
  /** Stop after this many requests, whatever the phase. */
  max: number;
  /** Statuses that acknowledge the write. */
  acks: number[];
  send(n: number): Promise<Response>;
}

/**
 * Keeps every route under load until stop(). After a 5xx or no answer a writer waits as
 * a well-behaved client would (Retry-After, at most 2 s) and sends the next request, not
 * the same one: retries are the verification's business.
 */
export function startWriters(routes: WriteRoute[], clientTimeoutMs: number) {
  const attempts: Attempt[] = [];
  let stopped = false;
  const loops = routes.flatMap((route) => {
    let next = 0;
    return Array.from({ length: route.writers }, async () => {
      while (!stopped && next < route.max) {
        const n = next++;
        const startedAt = Date.now();
        const attempt: Attempt = { route: route.name, n, status: null, body: null, retryAfter: null, startedAt, ms: 0 };
        try {
          const res = await Promise.race([
            route.send(n),
            sleep(clientTimeoutMs).then(() => {
              throw new Error('client timeout');
            }),
          ]);
          attempt.status = res.status;
          attempt.retryAfter = res.headers.get('retry-after');
          attempt.body = (await res.json().catch(() => null)) as Record<string, any> | null;
        } catch {
          // no answer: recorded as status null
        }
        attempt.ms = Date.now() - startedAt;
        attempts.push(attempt);
        if (attempt.status === null || attempt.status >= 500) await sleep(Math.min(Number(attempt.retryAfter) || 0.2, 2) * 1000);
      }
    });
  });
  return {
    attempts,
    acked: (route: WriteRoute) => attempts.filter((a) => a.route === route.name && a.status !== null && route.acks.includes(a.status)),
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/**
 * Load on `routes`; once each has acknowledged a few writes, the store is paused until
 * some are answered 503 and past the store timeout (the work behind those answers has
 * failed, not just been left), then resumed. Returns the writers, stopped once the
 * gateway is ready again.
 */
export async function pauseUnderLoad(
  target: { store: { pause(): void; resume(): void }; gw: { url: string } },
  routes: WriteRoute[],
  storeTimeoutMs: number,
): Promise<ReturnType<typeof startWriters>> {
  const writers = startWriters(routes, 20_000);
  try {
    await until('every route acknowledged a few writes', () => routes.every((r) => writers.acked(r).length >= 3), 30_000);
    target.store.pause();
    try {
      await until('writes were answered 503 during the pause', () => writers.attempts.filter((a) => a.status === 503).length >= 4, 30_000);
      await sleep(storeTimeoutMs * 2);
    } finally {
      target.store.resume();
    }
    await until('the gateway is ready again', async () => (await fetch(`${target.gw.url}/readyz`)).status === 200, 30_000);
  } finally {
    await writers.stop();
  }
  return writers;
}

/**
 * The client's retry under the same Idempotency-Key: again after a 5xx, no answer, or a
 * `409 … in progress` while the first attempt runs. The answer and how long it took.
 */
export async function retryUntilAnswered(post: () => Promise<Response>, what: string, everyMs: number) {
  const started = Date.now();
  for (;;) {
    const res = await post().catch(() => null);
    const body = res ? ((await res.json().catch(() => null)) as Record<string, any> | null) : null;
    if (res && res.status < 500 && !(res.status === 409 && /in progress/.test(String(body?.error))))
      return { status: res.status, body: body ?? {}, ms: Date.now() - started };
    if (Date.now() - started > 90_000) throw new Error(`${what}: no answer to its retries (${res?.status} ${JSON.stringify(body)})`);
    await sleep(everyMs);
  }
}

/** Polls `check` until it holds; throws after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Runs `fn` over `items`, `width` at a time. */
export async function eachLimited<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}
