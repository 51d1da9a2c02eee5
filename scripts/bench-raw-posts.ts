// The baseline the webhook benches compare the gateway with: the same signed envelopes
// POSTed by undici straight to the receiver, no store and no gateway in between.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { generateSecret, signedHeaders } from '../src/outbound/signing.ts';

/**
 * POSTs `total` signed `trigger.received` envelopes over `lanes` concurrent lanes (on
 * `connections` sockets, one a lane by default); returns the elapsed ms.
 */
export async function postRawSigned(opts: { total: number; lanes: number; connections?: number; url: (n: number) => string }): Promise<number> {
  const secret = generateSecret();
  const dispatcher = new Agent({ connections: opts.connections ?? opts.lanes, keepAliveTimeout: 30_000 });
  const t0 = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: opts.lanes }, async () => {
      while (sent < opts.total) {
        const n = sent++;
        const id = randomUUID();
        const body = JSON.stringify({
          type: 'trigger.received',
          id,
          timestamp: new Date().toISOString(),
          data: { object: 'trigger_event', id: randomUUID(), body: { n } },
        });
        const headers = { 'content-type': 'application/json', ...signedHeaders([secret], id, Math.floor(Date.now() / 1000), body) };
        const res = await request(opts.url(n), { method: 'POST', headers, body, dispatcher });
        await res.body.dump();
      }
    }),
  );
  const elapsed = performance.now() - t0;
  await dispatcher.close();
  return elapsed;
}
