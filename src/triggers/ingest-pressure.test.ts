import { describe, expect, it } from 'vitest';
import { createIngestPressure } from './ingest-pressure.ts';

describe('ingest pressure', () => {
  it('is high while accepts run above the threshold and falls back once they stop', () => {
    let t = 0;
    const p = createIngestPressure({ highPerSecond: 100, windowMs: 100, now: () => t });
    for (let i = 0; i < 5; i++) p.record();
    expect(p.isHigh()).toBe(false);
    for (let i = 0; i < 20; i++) p.record();
    expect(p.isHigh()).toBe(true);
    t = 150;
    expect(p.isHigh()).toBe(true);
    t = 260;
    expect(p.isHigh()).toBe(false);
    t = 1000;
    expect(p.isHigh()).toBe(false);
  });

  it('waits while high, but never longer than the cap', async () => {
    const p = createIngestPressure({ highPerSecond: 1, windowMs: 10_000 });
    for (let i = 0; i < 100; i++) p.record();
    const started = performance.now();
    await p.yieldWhileBusy(100);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(90);
    expect(waited).toBeLessThan(1000);
  });
});
