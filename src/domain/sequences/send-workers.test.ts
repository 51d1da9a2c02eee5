import { describe, expect, it } from 'vitest';
import { runSendWorkers } from './send-workers.ts';

const tick = () => new Promise((r) => setTimeout(r, 1));

/** A due set in memory: `claim` takes from its front; processing an item may make a follow-up due. */
function dueSet(count: number, followUps = false) {
  const due = Array.from({ length: count }, (_, i) => `s${i}`);
  const rooms: number[] = [];
  const processed: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let maxHeld = 0;
  let held = 0;
  return {
    rooms,
    processed,
    stats: () => ({ maxInFlight, maxHeld }),
    async claim(room: number) {
      rooms.push(room);
      await tick();
      const items = due.splice(0, room);
      held += items.length;
      maxHeld = Math.max(maxHeld, held);
      return { found: items.length, items };
    },
    async process(item: string) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await tick();
      await tick();
      processed.push(item);
      if (followUps && !item.endsWith('+')) due.push(`${item}+`);
      inFlight -= 1;
      held -= 1;
    },
  };
}

describe('runSendWorkers', () => {
  it('never holds more claimed items than it can process at once, and processes each once', async () => {
    const set = dueSet(100);
    const found = await runSendWorkers({ concurrency: 8, claim: set.claim, process: set.process, stopping: () => false, onError: () => undefined });
    expect(found).toBe(100);
    expect(new Set(set.processed).size).toBe(100);
    expect(set.processed).toHaveLength(100);
    expect(set.stats().maxHeld).toBeLessThanOrEqual(8);
    expect(set.stats().maxInFlight).toBeLessThanOrEqual(8);
    // The first claim asks for every worker; later ones for at least a quarter of them.
    expect(set.rooms[0]).toBe(8);
    expect(Math.min(...set.rooms)).toBeGreaterThanOrEqual(2);
  });

  it('picks up items that became due while it ran (follow-up steps)', async () => {
    const set = dueSet(10, true);
    await runSendWorkers({ concurrency: 4, claim: set.claim, process: set.process, stopping: () => false, onError: () => undefined });
    expect(set.processed.sort()).toEqual([...Array.from({ length: 10 }, (_, i) => `s${i}`), ...Array.from({ length: 10 }, (_, i) => `s${i}+`)].sort());
  });

  it('ends at once when nothing is due', async () => {
    const set = dueSet(0);
    expect(await runSendWorkers({ concurrency: 4, claim: set.claim, process: set.process, stopping: () => false, onError: () => undefined })).toBe(0);
    expect(set.rooms).toEqual([4]);
  });

  it('processes what it claimed but claims nothing more once stopping', async () => {
    const set = dueSet(50);
    let stopping = false;
    const run = runSendWorkers({
      concurrency: 4,
      claim: set.claim,
      process: async (i) => ((stopping = true), set.process(i)),
      stopping: () => stopping,
      onError: () => undefined,
    });
    await run;
    expect(set.rooms).toEqual([4]);
    expect(set.processed).toHaveLength(4);
  });

  it('reports a failed item and goes on; a failed claim ends the run and is thrown', async () => {
    const errors: unknown[] = [];
    const set = dueSet(6);
    await runSendWorkers({
      concurrency: 2,
      claim: set.claim,
      stopping: () => false,
      onError: (e) => errors.push(e),
      process: async (i) => (i === 's1' ? Promise.reject(new Error('boom')) : set.process(i)),
    });
    expect(errors).toHaveLength(1);
    expect(set.processed).toHaveLength(5);
    let claims = 0;
    const failing = runSendWorkers({
      concurrency: 2,
      stopping: () => false,
      onError: () => undefined,
      process: async () => undefined,
      claim: async () => (++claims === 2 ? Promise.reject(new Error('store down')) : { found: 2, items: ['a', 'b'] }),
    });
    await expect(failing).rejects.toThrow('store down');
  });
});
