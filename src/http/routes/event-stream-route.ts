import { validationError } from '../../domain/errors.ts';
import { EVENT_TYPES, EVENT_WILDCARDS } from '../../events/event-types.ts';
import type { EventStreamHub } from '../../events/event-stream-hub.ts';
import type { Handler } from '../handler-types.ts';
import { createSseStream } from '../sse-stream.ts';

const KNOWN = new Set<string>([...EVENT_TYPES, ...EVENT_WILDCARDS]);

/** `types=sequence.*,table.run.completed`: names and wildcards, as an endpoint subscribes. */
function parseTypes(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const types = raw
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const unknown = types.filter((t) => !KNOWN.has(t));
  if (unknown.length > 0)
    throw validationError(`types: unknown event type or wildcard ${unknown.map((t) => `"${t}"`).join(', ')}`, { unknown, allowed: [...KNOWN] });
  return types;
}

/** GET /api/v2/events/stream: the organization's events as Server-Sent Events. */
export function openEventStream(hub: EventStreamHub): Handler<'streamEvents'> {
  return async ({ auth, query, headers }) => {
    const types = parseTypes(query.types);
    const raw = headers['last-event-id'];
    const lastEventId = Array.isArray(raw) ? raw[0] : raw?.trim() || undefined;
    const sse = createSseStream({ heartbeatMs: hub.heartbeatMs });
    let close: (() => void) | undefined;
    try {
      close = await hub.open(auth.orgId, { lastEventId, types }, sse.sink);
    } catch (err) {
      sse.body.destroy();
      throw err;
    }
    sse.onClose(close);
    return {
      status: 200,
      body: sse.body,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
    };
  };
}
