import { generateSecret, secretProblem } from '../outbound/signing.ts';
import { usageError, type CommandSpec } from './args.ts';
import { defaultStatePath } from './listen-state.ts';

export const LISTEN_COMMAND: CommandSpec = {
  name: 'listen',
  usage: '--forward-to URL [--events LIST] [--gateway URL] [--api-key KEY] [--secret whsec_…] [--state FILE] [--from-now] [--concurrency N]',
  summary: "Forward the organization's live events to a local URL, signed like real deliveries (for developing a receiver).",
  options: {
    'forward-to': { type: 'string', valueName: 'URL', description: 'where to POST each event, e.g. http://localhost:3000/webhooks (required)' },
    events: { type: 'string', valueName: 'LIST', description: 'comma-separated event names and wildcards (sequence.*,table.run.completed); default all' },
    gateway: { type: 'string', valueName: 'URL', description: 'the gateway (default $OG_GATEWAY_URL, else http://127.0.0.1:8080)' },
    'api-key': { type: 'string', valueName: 'KEY', description: 'an API key with the read scope (default $OG_API_KEY)' },
    secret: { type: 'string', valueName: 'whsec_…', description: 'sign with this secret instead of a new one per session (keeps it stable across runs)' },
    state: { type: 'string', valueName: 'FILE', description: 'where the last forwarded event id is kept (default under $XDG_STATE_HOME/og-gateway/listen/)' },
    'from-now': { type: 'boolean', description: 'ignore the saved position and start with the next event' },
    concurrency: {
      type: 'string',
      valueName: 'N',
      description: 'events forwarded at once, of different resources (default 10; 1 = one at a time in stream order)',
    },
  },
  notes: [
    'Each event is POSTed with the Standard Webhooks headers (webhook-id, webhook-timestamp,',
    'webhook-signature) over the exact body a real delivery carries; events of one resource',
    "one after another in the stream's order, like real deliveries. One line is printed per",
    "event with the receiver's status and latency.",
    'A restart resumes right after the last event forwarded; a lost gateway is retried with backoff.',
    '',
    'example:',
    '  OG_API_KEY=og_live_… og-gateway listen --forward-to http://localhost:3000/webhooks --events "sequence.*"',
  ].join('\n'),
  run: ({ values, io }) => runListenCommand(values, io),
};

function httpUrl(spec: CommandSpec, flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(spec, `--${flag} must be an http(s) URL (got "${value}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(spec, `--${flag} must be an http(s) URL (got "${value}")`);
  return value;
}

/** Runs `og-gateway listen` until SIGINT or SIGTERM. */
export async function runListenCommand(
  values: Record<string, string | boolean | undefined>,
  io: { out(t: string): void; err(t: string): void },
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const spec = LISTEN_COMMAND;
  const forwardTo = values['forward-to'] as string | undefined;
  if (!forwardTo) throw usageError(spec, 'listen needs --forward-to URL');
  httpUrl(spec, 'forward-to', forwardTo);
  const gateway = httpUrl(spec, 'gateway', ((values.gateway as string | undefined) || env.OG_GATEWAY_URL || 'http://127.0.0.1:8080').replace(/\/+$/, ''));
  const apiKey = (values['api-key'] as string | undefined) || env.OG_API_KEY;
  if (!apiKey) throw usageError(spec, 'listen needs an API key: --api-key KEY or OG_API_KEY');
  const secret = (values.secret as string | undefined) ?? generateSecret();
  const problem = secretProblem(secret);
  if (problem) throw usageError(spec, `--secret ${problem}`);
  const concurrencyText = (values.concurrency as string | undefined) ?? '10';
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > 256)
    throw usageError(spec, `--concurrency must be a whole number from 1 to 256 (got "${concurrencyText}")`);
  const { runListen } = await import('./listen.ts');
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await runListen({
      gateway,
      apiKey,
      forwardTo,
      events: values.events as string | undefined,
      secret,
      statePath: (values.state as string | undefined) || defaultStatePath(gateway, apiKey, env),
      fromNow: values['from-now'] === true,
      concurrency,
      out: io.out,
      err: io.err,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
