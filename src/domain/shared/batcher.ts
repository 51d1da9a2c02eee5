/**
 * Group commit: items added while a batch is being written go into the next batch, so
 * under load many writers share one store round trip and at rest an item waits for
 * no timer (the first batch starts on the next turn of the event loop). With
 * `concurrency` > 1, up to that many batches are written at once: an item arriving
 * while one is in flight starts its own instead of waiting for it (only for work whose
 * batches may overlap).
 */
export function createBatcher<T, R>(run: (items: T[]) => Promise<R[]>, maxBatch: number, opts: { concurrency?: number } = {}) {
  const concurrency = opts.concurrency ?? 1;
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let running = 0;
  let scheduled = false;

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const results = await run(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
  }

  function startSoon(): void {
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (queue.length === 0) return;
      running += 1;
      void drain().finally(() => {
        running -= 1;
        if (queue.length > 0 && running < concurrency && !scheduled) startSoon();
      });
    });
  }

  return {
    add(item: T): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (running < concurrency && !scheduled) startSoon();
      });
    },
    size: () => queue.length,
  };
}
