// A real gateway process (as `npm start` runs it) that, once three webhook endpoints
// exist, records `trigger.received` events until EMIT_TOTAL are stored — counting what
// an earlier (killed) run already stored, so a restart resumes the stream. Used by
// test/webhooks/kill.test.ts.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../../src/config/config.ts';
import { DEFAULT_ORGANIZATION } from '../../../src/domain/organizations/organization-service.ts';
import { runGateway } from '../../../src/gateway/run-gateway.ts';
import { createLogger } from '../../../src/observability/logger.ts';

const total = Number(process.env.EMIT_TOTAL ?? 2000);
const config = loadConfig();
const running = await runGateway(config, createLogger({ level: config.logLevel }));
const { services } = running.gateway;
const org = await services.organizations.ensure(DEFAULT_ORGANIZATION);
const events = services.outbox.events.collection;

while ((await services.webhooks.endpoints.list(org.id, { limit: 10 })).items.length < 3) await new Promise((r) => setTimeout(r, 50));
let stored = await events.countDocuments({ orgId: org.id, type: 'trigger.received' });
process.stdout.write(`emitter: resuming at ${stored}\n`);
let next = stored;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < total) {
      const n = next++;
      await services.outbox.record({
        type: 'trigger.received',
        orgId: org.id,
        orderingKey: `trigger:kill-${n % 50}`,
        data: { object: 'trigger_event', id: randomUUID(), triggerId: randomUUID(), triggerName: 'kill', receivedAt: new Date().toISOString(), body: { n } },
      });
      stored += 1;
      if (stored % 100 === 0) process.stdout.write(`emitter: stored ${stored}\n`);
    }
  }),
);
process.stdout.write(`emitter: done ${stored}\n`);
