/**
 * Group commit: items added while a batch is being written go into the next batch, so
 * under load many writers share one store round trip and at rest an item waits for
 * no timer (the first batch starts on the next turn of the event loop).
 */
export function createBatcher<T, R>(run: (items: T[]) => Promise<R[]>, maxBatch: number) {
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
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
    running = false;
  }

  return {
    add(item: T): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (!running) {
          running = true;
          setImmediate(() => void drain());
        }
      });
    },
    size: () => queue.length,
  };
}
