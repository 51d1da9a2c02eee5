import type { Logger } from 'pino';
import type { Outbox } from './outbox.ts';

/**
 * Background recovery for staged events: the relay right after each write is the fast path;
 * this loop catches the events a crash left staged. It runs at start-up and then on a
 * timer, in every process (relaying is idempotent).
 */
export function startOutboxRelay(deps: { outbox: Outbox; logger: Logger; intervalMs: number }) {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= deps.outbox
      .relayAll()
      .then((moved) => {
        if (moved > 0) deps.logger.info({ moved }, 'relayed staged events');
      })
      .catch((err) => deps.logger.error({ err }, 'outbox relay failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(tick, deps.intervalMs);
  timer.unref();
  return {
    runOnce: tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
