import { usageError, type CommandSpec } from './args.ts';

// `og-gateway trigger <event-type>`: the spec is kept apart from the scenarios so that
// building the command table never loads them.

export const TRIGGER_COMMAND: CommandSpec = {
  name: 'trigger',
  usage: '<event-type> [--gateway URL] [--api-key KEY] [--json] | --list',
  summary: 'Produce one real event of a catalog type through the public API and print the ids to read back.',
  positionals: { max: 1 },
  options: {
    gateway: { type: 'string', valueName: 'URL', description: 'the gateway to drive (default $OG_GATEWAY_URL, else http://127.0.0.1:8080)' },
    'api-key': { type: 'string', valueName: 'KEY', description: 'an admin key of the organization (default $OG_API_KEY)' },
    list: { type: 'boolean', description: 'print the event catalog and how each type is produced' },
    json: { type: 'boolean', description: 'print the outcome as one JSON object' },
    timeout: { type: 'string', valueName: 'SECONDS', description: 'how long to wait for the event to be recorded (default 60)' },
  },
  notes: [
    'Objects are made through the same API calls a client makes (tables, rows, sink senders,',
    'campaigns, inbound triggers, webhook endpoints, agent runs), then the command waits until',
    'the event is listed by GET /api/v2/events. agent.run.completed and webhook.endpoint.disabled',
    'need a peer the gateway can reach: this command serves one on loopback, so those two need a',
    'gateway on this machine started with OG_ALLOW_PRIVATE_NETWORK=true; the sequence.* types need',
    'sink senders (OG_SINK_SENDERS, allowed by default on a gateway listening on loopback).',
    'Exit codes: 0 produced, 1 not produced (the reason is printed), 2 bad invocation.',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const { EVENT_TYPES } = await import('../events/event-types.ts');
    const { runTrigger, printCatalog } = await import('./trigger-run.ts');
    if (values.list) {
      if (positionals.length > 0) throw usageError(TRIGGER_COMMAND, '--list takes no event type');
      printCatalog(io);
      return;
    }
    const type = positionals[0];
    if (!type) throw usageError(TRIGGER_COMMAND, `name an event type (one of ${EVENT_TYPES.join(', ')}), or --list`);
    if (!(EVENT_TYPES as readonly string[]).includes(type)) throw usageError(TRIGGER_COMMAND, `unknown event type ${type}; one of ${EVENT_TYPES.join(', ')}`);
    const apiKey = (values['api-key'] as string | undefined) || process.env.OG_API_KEY;
    if (!apiKey) throw usageError(TRIGGER_COMMAND, 'needs an admin key: --api-key KEY or OG_API_KEY');
    const gateway = (values.gateway as string | undefined) || process.env.OG_GATEWAY_URL || 'http://127.0.0.1:8080';
    let base: URL;
    try {
      base = new URL(gateway);
      if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('not http');
    } catch {
      throw usageError(TRIGGER_COMMAND, `--gateway must be an http:// or https:// URL, got ${gateway}`);
    }
    const rawTimeout = (values.timeout as string | undefined) ?? '60';
    const timeoutSeconds = Number(rawTimeout);
    if (!/^\d+$/.test(rawTimeout) || timeoutSeconds < 1 || timeoutSeconds > 3600)
      throw usageError(TRIGGER_COMMAND, '--timeout takes whole seconds from 1 to 3600');
    await runTrigger({
      type: type as (typeof EVENT_TYPES)[number],
      gateway: base.toString().replace(/\/$/, ''),
      apiKey,
      json: values.json === true,
      timeoutMs: timeoutSeconds * 1000,
      io,
    });
  },
};
