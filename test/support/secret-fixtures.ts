import type { ApiClient } from './api-client.ts';

/** Plaintext every test that creates "one of each secret" can search for afterwards. */
export interface CreatedSecrets {
  /** Every secret value the API showed or was given, keyed by what it is. */
  values: Record<string, string>;
  ids: { endpoint: string; worker: string; smtpSender: string; httpSender: string; hmacTrigger: string; swTrigger: string; table: string };
}

function check(res: { status: number; body: any }, what: string) {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Creates one resource of each kind that keeps a recoverable secret: a webhook endpoint
 * (rotated, so it also has a previous secret), an agent worker, an SMTP sender with a
 * password, an http sender, an HMAC trigger with a given secret, a standard-webhooks
 * trigger with a generated one (which also creates the trigger URL key), and a table
 * with an enrichment column; plus an API key. The endpoint carries a custom header with a
 * bearer token (custom headers are sealed whole).
 */
export async function createOneOfEachSecret(api: ApiClient, tag: string, peerUrl: string): Promise<CreatedSecrets> {
  const smtpPass = `smtp-pass-${tag}-Q7xv`;
  const hmacSecret = `hmac-secret-${tag}-R2d2`;
  const headerToken = `hdr-token-${tag}-K9pz`;
  const apiKey = check(await api.post('/api/v2/api-keys', { name: `k-${tag}`, scopes: ['read'] }), 'api key');
  const endpoint = check(
    await api.post('/api/v2/webhooks', { url: `${peerUrl}/hook`, events: ['table.*'], headers: { Authorization: `Bearer ${headerToken}` } }),
    'webhook',
  );
  const rotated = check(await api.post(`/api/v2/webhooks/${endpoint.id}/rotate-secret`), 'rotate');
  const worker = check(await api.post('/api/v2/agent-workers', { name: `w-${tag}`, url: `${peerUrl}/worker` }), 'worker');
  const smtpSender = check(
    await api.post('/api/v2/senders', {
      channel: 'email',
      name: `m-${tag}`,
      displayName: 'M',
      email: `m-${tag}@corp.example`,
      smtp: { host: '127.0.0.1', port: 2525, auth: { user: 'u', pass: smtpPass } },
    }),
    'smtp sender',
  );
  const httpSender = check(
    await api.post('/api/v2/senders', { channel: 'linkedin', name: `l-${tag}`, displayName: 'L', linkedinSlug: `l-${tag}`, http: { url: `${peerUrl}/li` } }),
    'http sender',
  );
  const hmacTrigger = check(
    await api.post('/api/v2/triggers', {
      name: `h-${tag}`,
      action: 'event',
      verification: { type: 'hmac', header: 'x-sig', algorithm: 'sha256', encoding: 'hex', secret: hmacSecret },
    }),
    'hmac trigger',
  );
  const swTrigger = check(await api.post('/api/v2/triggers', { name: `s-${tag}`, action: 'event', verification: { type: 'standard-webhooks' } }), 'sw trigger');
  const table = check(
    await api.post('/api/v2/tables', {
      name: `t-${tag}`,
      columns: [
        { name: 'Email', kind: 'input' },
        { name: 'Domain', slug: 'domain', kind: 'enrichment', enrichment: { url: `${peerUrl}/enrich` } },
      ],
    }),
    'table',
  );
  const columnSecret = table.columns.find((c: any) => c.slug === 'domain').enrichment.secret as string;
  return {
    values: {
      apiKey: apiKey.key,
      webhookPrevious: endpoint.secret,
      webhookCurrent: rotated.secret,
      worker: worker.secret,
      smtpPass,
      httpSender: httpSender.secret,
      hmacTrigger: hmacSecret,
      swTrigger: swTrigger.secret,
      triggerUrl: swTrigger.url,
      column: columnSecret,
      headerToken,
    },
    ids: {
      endpoint: endpoint.id,
      worker: worker.id,
      smtpSender: smtpSender.id,
      httpSender: httpSender.id,
      hmacTrigger: hmacTrigger.id,
      swTrigger: swTrigger.id,
      table: table.id,
    },
  };
}
