// The few JSON calls `og-gateway trigger` makes, each with a deadline. A refusal carries
// the gateway's own error envelope so the command can say why an event was not produced.

export interface ApiAnswer {
  status: number;
  body: any;
  /** Seconds the gateway asked to wait (Retry-After), when it did. */
  retryAfter?: number;
}

export class ApiRefusal extends Error {
  constructor(
    readonly call: string,
    readonly answer: ApiAnswer,
  ) {
    const b = answer.body as { code?: string; error?: string } | null;
    super(`${call} answered ${answer.status}${b?.code ? ` ${b.code}` : ''}${b?.error ? `: ${b.error}` : ''}`);
    this.name = 'ApiRefusal';
  }
}

/** The event cannot be produced against this gateway; the message says why and what would allow it. */
export class NotProducible extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotProducible';
  }
}

export interface TriggerApi {
  call(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** Like `call`, but anything other than a 2xx throws an ApiRefusal. */
  must(method: string, path: string, body?: unknown): Promise<any>;
  /** POSTs a body to a trigger URL, keeping only its path (the gateway may be reached under another address). */
  postHook(url: string, body: unknown): Promise<ApiAnswer>;
}

export function createTriggerApi(opts: { gateway: string; apiKey: string; timeoutMs?: number }): TriggerApi {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  async function send(url: string, method: string, headers: Record<string, string>, body: unknown): Promise<ApiAnswer> {
    const res = await fetch(url, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { error: text.slice(0, 200) };
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    return { status: res.status, body: parsed, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfter } : {}) };
  }
  // A development gateway's default per-organization rate limit is easy to reach while the
  // command polls: a 429 is waited out (as the gateway asks, at most 10 s a time, 6 times).
  async function patient(url: string, method: string, headers: Record<string, string>, body: unknown): Promise<ApiAnswer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await send(url, method, headers, body);
      if (answer.status !== 429 || attempt >= 6) return answer;
      await new Promise((r) => setTimeout(r, Math.min(answer.retryAfter ?? 1, 10) * 1000));
    }
  }
  const api: TriggerApi = {
    call: (method, path, body) => patient(`${opts.gateway}${path}`, method, { authorization: `Bearer ${opts.apiKey}` }, body),
    async must(method, path, body) {
      const answer = await api.call(method, path, body);
      if (answer.status < 200 || answer.status >= 300) throw new ApiRefusal(`${method} ${path.split('?')[0]}`, answer);
      return answer.body;
    },
    postHook: (url, body) => patient(`${opts.gateway}${new URL(url).pathname}`, 'POST', {}, body),
  };
  return api;
}
