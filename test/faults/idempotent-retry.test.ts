import { afterAll, describe, expect, it } from 'vitest';
import { startFaultGateway } from './support/fault-gateway.ts';
import { pauseUnderLoad, retryUntilAnswered, type Attempt, type WriteRoute } from './support/writers.ts';

// Creates under load, each with its own Idempotency-Key, on a gateway whose stand-alone
// `og-gateway mongod` is paused (SIGSTOP) for longer than the store timeout and resumed
// (SIGCONT): requests whose writes reached the paused store are answered 503, their
// handlers fail with an unknown outcome, and the writes take effect when it resumes. A
// client retries every create that was not acknowledged with the same key, as it is
// told to; each must end as exactly one resource, the one the retry answers.

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

const STORE_TIMEOUT_MS = 1_500;

const isAck = (a: Pick<Attempt, 'status'>) => a.status !== null && a.status >= 200 && a.status < 300;

async function setUp() {
  // Writes waiting on the paused store time out (their outcome unknown) within the pause.
  return startFaultGateway(cleanup, { name: 'idem', env: { OG_STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS) } });
}

type Setup = Awaited<ReturnType<typeof setUp>>;

interface Create extends WriteRoute {
  list: string;
  /** Which request (n) a listed resource came from. */
  origin(item: Record<string, any>): number | null;
  post(n: number): Promise<Response>;
}

function creates(s: Setup, round: number): Create[] {
  const post = (path: string, body: unknown, k: string) =>
    fetch(`${s.gw.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json', 'idempotency-key': k },
      body: JSON.stringify(body),
    });
  const webhook = (n: number) => post('/api/v2/webhooks', { url: `http://127.0.0.1:9/r${round}/w${n}`, events: ['agent.*'] }, `r${round}-webhook-${n}`);
  const table = (n: number) => post('/api/v2/tables', { name: `r${round}-t${n}`, columns: [{ name: 'a', kind: 'input' }] }, `r${round}-table-${n}`);
  const num = (m: RegExpMatchArray | null) => (m ? Number(m[1]) : null);
  return [
    {
      name: 'webhooks',
      writers: 8,
      max: 200,
      acks: [201],
      send: webhook,
      post: webhook,
      list: '/api/v2/webhooks',
      origin: (w) => num(String(w.url).match(new RegExp(`/r${round}/w(\\d+)$`))),
    },
    {
      name: 'tables',
      writers: 8,
      max: 200,
      acks: [201],
      send: table,
      post: table,
      list: '/api/v2/tables',
      origin: (t) => num(String(t.name).match(new RegExp(`^r${round}-t(\\d+)$`))),
    },
  ];
}

async function listAll(s: Setup, path: string): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let cursor: string | null = null;
  do {
    const page = await s.api('GET', `${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** One round: load, a pause of the store long enough to answer 503s, resume, retries. Returns how many 503s had landed. */
async function round(s: Setup, r: number): Promise<number> {
  const routes = creates(s, r);
  const writers = await pauseUnderLoad(s, routes, STORE_TIMEOUT_MS);
  let landed = 0;
  for (const route of routes) {
    const mine = writers.attempts.filter((a) => a.route === route.name);
    const unanswered = mine.filter((a) => !isAck(a));
    // What the paused store took in although the gateway answered 503 (or nothing).
    const before = new Set((await listAll(s, route.list)).map(route.origin).filter((n) => n !== null));
    landed += unanswered.filter((a) => before.has(a.n)).length;
    const final = new Map<number, string>(mine.filter(isAck).map((a) => [a.n, a.body!.id as string]));
    for (const a of unanswered) {
      const retry = await retryUntilAnswered(() => route.post(a.n), `${route.name} #${a.n}`, 500);
      expect(retry.status, `${route.name} #${a.n} retried: ${JSON.stringify(retry.body)}`).toBe(201);
      final.set(a.n, retry.body.id);
    }
    const stored = (await listAll(s, route.list)).filter((x) => route.origin(x) !== null);
    const byOrigin = new Map<number, string[]>();
    for (const x of stored) byOrigin.set(route.origin(x)!, [...(byOrigin.get(route.origin(x)!) ?? []), x.id]);
    for (const a of mine) expect(byOrigin.get(a.n), `${route.name} #${a.n} (answered ${a.status})`).toEqual([final.get(a.n)]);
    expect(stored.length).toBe(mine.length);
  }
  console.log(
    `[idempotent-retry] round ${r}: ${writers.attempts.length} creates, ${writers.attempts.filter((a) => !isAck(a)).length} unanswered, ${landed} of them stored`,
  );
  return landed;
}

describe('a create retried with its Idempotency-Key after a 503 whose write took effect', () => {
  it('ends as the one resource the retry answers, never two', async () => {
    const s = await setUp();
    let landed = 0;
    // The pause must catch a write already sent: usually the first round does.
    for (let r = 0; r < 4 && landed === 0; r++) landed += await round(s, r);
    expect(landed, 'writes answered 503 that took effect (the case under test)').toBeGreaterThan(0);
    expect(s.gw.child.exitCode, s.gw.output()).toBeNull();
    s.gw.child.kill('SIGTERM');
    await s.gw.exited;
  }, 600_000);
});
