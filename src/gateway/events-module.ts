import { createEventService } from '../events/event-service.ts';
import { createEventStreamHub } from '../events/event-stream-hub.ts';
import { startOutboxRelay } from '../events/outbox-relay.ts';
import type { ModuleDeps } from './module-deps.ts';

/**
 * The events API and the live stream, and the outbox relay that moves staged events into
 * `events`. Built last: its relay feeds every listener the other modules registered, so it
 * starts after them and stops before them.
 */
export function createEventsModule(deps: Pick<ModuleDeps, 'outbox' | 'clock' | 'logger' | 'config'>) {
  const { outbox, config } = deps;
  const retentionMs = config.eventRetentionDays * 86_400_000;
  const events = createEventService({ events: outbox.events, clock: deps.clock, retentionMs });
  const eventStreams = createEventStreamHub({
    events: outbox.events,
    clock: deps.clock,
    logger: deps.logger,
    maxPerOrg: config.eventStream.maxPerOrg,
    heartbeatMs: config.eventStream.heartbeatMs,
    retentionMs,
  });
  // Events this process records reach its streams without waiting for the next poll.
  outbox.onRecording(
    (_batch, recorded) =>
      void recorded.then(
        () => eventStreams.wake(),
        () => undefined,
      ),
  );
  let relay: ReturnType<typeof startOutboxRelay> | undefined;
  return {
    services: { events, eventStreams },
    /** Relays what a crash left staged before serving, then keeps relaying periodically. */
    async start() {
      relay = startOutboxRelay({ outbox, logger: deps.logger, intervalMs: 5_000 });
      await relay.runOnce();
    },
    /** Streams never end by themselves: they are ended first, so their clients reconnect elsewhere. */
    async stop() {
      await eventStreams.close();
      await relay?.stop();
    },
  };
}
