import { isWellFormedApiKey } from '../domain/api-keys/key-format.ts';

// The published variables plus the gateway's own knobs. Every variable is checked at boot and a bad
// one is named with what was expected, so a typo never turns into a silent default.

export interface GatewayConfig {
  host: string;
  port: number;
  mongodbUri: string | null;
  dataDir: string;
  bootstrapKey: string | null;
  publicUrl: string;
  allowPrivateNetwork: boolean;
  /** Senders of transport `sink` (accept every message, send nothing) may be created. */
  sinkSenders: boolean;
  retryScheduleSeconds: number[] | null;
  logLevel: string;
  rateLimitIpPerMinute: number;
  rateLimitOrgPerMinute: number;
  bodyLimitBytes: number;
  storeTimeoutMs: number;
  shutdownTimeoutMs: number;
  trustProxy: boolean;
  /** Keys the MAC of every trigger URL; null → a secret generated once and kept in the database. */
  triggerSecret: string | null;
  /** Run the embedded database on a worker thread (default) rather than on the gateway's event loop. */
  embeddedThread: boolean;
  /** How long a cancelled agent run waits for its worker to confirm before it is marked cancelled anyway. */
  agentCancelGraceSeconds: number;
  webhooks: WebhookConfig;
  /** How long recorded events stay readable through the events API (TTL on the events log). */
  eventRetentionDays: number;
  /** The live event stream: streams per organization on one process, and the heartbeat period. */
  eventStream: { maxPerOrg: number; heartbeatMs: number };
  /** Seconds before each retry of a failed enrichment call; a cell gets this many retries plus one try. */
  enrichmentRetrySeconds: number[];
  /** How often the recovery sweep looks for table runs a crash left unfinished. */
  tableRunSweepMs: number;
  /** Per-message timeout of a sequence send (SMTP or HTTP provider); a claimed step's lease is 4× this. */
  sequenceSendTimeoutMs: number;
  /** How long inbound trigger events (and their bodies) are kept; at least the 1-day dedup window. */
  triggerEventRetentionDays: number;
  /** Seals recoverable secrets at rest; null → (embedded database only) a key generated into the data directory. */
  encryptionKey: Buffer | null;
  /** Older keys, used only to open values sealed before a rotation (they are re-sealed in the background). */
  encryptionPreviousKeys: Buffer[];
  /** Origins allowed to frame the console (CSP frame-ancestors); empty: none may. */
  consoleFrameAncestors: string[];
}

export interface WebhookConfig {
  /** Enabled endpoints an organization may have at once. */
  maxEndpoints: number;
  /** Per-attempt timeout of an outbound delivery. */
  timeoutMs: number;
  /** Consecutive failed attempts after which an endpoint is disabled. */
  disableAfterFailures: number;
  retentionDays: number;
  /** How often each process sweeps for events and deliveries a crash left behind. */
  sweepIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name}=${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function boolean(env: Env, name: string, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return false;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  problems.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
  return false;
}

/** Origins (`https://app.example.com`) separated by spaces or commas. */
function frameAncestors(raw: string | undefined, problems: string[]): string[] {
  const origins = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  const bad = origins.filter((o) => !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o));
  if (bad.length > 0)
    problems.push(`OG_CONSOLE_FRAME_ANCESTORS: ${bad.map((b) => JSON.stringify(b)).join(', ')} is not an origin like https://app.example.com`);
  return bad.length > 0 ? [] : origins;
}

function schedule(raw: string | undefined, problems: string[]): number[] | null {
  if (!raw) return null;
  const parts = raw.split(',').map((s) => Number(s.trim()));
  if (parts.length === 0 || parts.some((n) => !Number.isFinite(n) || n < 0)) {
    problems.push(`OG_RETRY_SCHEDULE=${JSON.stringify(raw)}: expected comma-separated non-negative seconds, e.g. 0,5,300`);
    return null;
  }
  return parts;
}

function url(env: Env, name: string, fallback: string, problems: string[]): string {
  const raw = env[name];
  if (!raw) return fallback;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    return raw.replace(/\/+$/, '');
  } catch {
    problems.push(`${name}=${JSON.stringify(raw)}: expected an http(s) URL`);
    return fallback;
  }
}

function secondsList(env: Env, name: string, fallback: number[], problems: string[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const parts = raw.split(',').map((p) => Number(p.trim()));
  if (parts.some((n) => !Number.isFinite(n) || n < 0 || n > 86_400)) {
    problems.push(`${name}=${JSON.stringify(raw)}: expected comma-separated seconds from 0 to 86400, e.g. 5,30`);
    return fallback;
  }
  return parts;
}

function triggerSecret(raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null;
  if (raw.length < 32) problems.push('OG_TRIGGER_SECRET: expected at least 32 characters (it keys every trigger URL)');
  return raw;
}

// Strict base64 (standard or url-safe alphabet, padding optional) of exactly 32 bytes:
// Buffer.from would silently skip stray characters and yield a different key.
function decodeKey(name: string, raw: string, problems: string[]): Buffer | null {
  const unpadded = raw.trim().replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const bytes = Buffer.from(unpadded, 'base64');
  if (!/^[A-Za-z0-9+/]+$/.test(unpadded) || bytes.toString('base64').replace(/=+$/, '') !== unpadded) {
    problems.push(`${name}: expected base64 (e.g. from \`openssl rand -base64 32\`)`);
    return null;
  }
  if (bytes.length !== 32) {
    problems.push(`${name}: expected a 32-byte key in base64 (e.g. from \`openssl rand -base64 32\`), got ${bytes.length} bytes`);
    return null;
  }
  return bytes;
}

function encryptionKeys(env: Env, keyRequired: boolean, problems: string[]): { current: Buffer | null; previous: Buffer[] } {
  const raw = env.OG_ENCRYPTION_KEY;
  const current = raw ? decodeKey('OG_ENCRYPTION_KEY', raw, problems) : null;
  if (!raw && keyRequired) {
    problems.push(
      'OG_ENCRYPTION_KEY: required with MONGODB_URI (every gateway process on the database must seal secrets with the same key); generate one with `openssl rand -base64 32`',
    );
  }
  const previousRaw = (env.OG_ENCRYPTION_PREVIOUS_KEYS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const previous = previousRaw.map((k, i) => decodeKey(`OG_ENCRYPTION_PREVIOUS_KEYS[${i}]`, k, problems)).filter((k): k is Buffer => k !== null);
  if (previous.length > 0 && !raw) problems.push('OG_ENCRYPTION_PREVIOUS_KEYS: set only together with OG_ENCRYPTION_KEY (the key values are re-sealed with)');
  return { current, previous };
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * `sealsSecrets: false` is for commands that never read or write a sealed secret (e.g.
 * `keys create`): they may run against MONGODB_URI without OG_ENCRYPTION_KEY.
 */
export function loadConfig(env: Env = process.env, opts: { sealsSecrets?: boolean } = {}): GatewayConfig {
  const problems: string[] = [];
  const host = env.HOST || '127.0.0.1';
  const port = integer(env, 'PORT', 8080, 0, 65535, problems);
  const mongodbUri = env.MONGODB_URI || null;
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    problems.push('MONGODB_URI: expected a mongodb:// or mongodb+srv:// connection string');
  }
  const bootstrapKey = env.OG_BOOTSTRAP_KEY || null;
  if (bootstrapKey && !isWellFormedApiKey(bootstrapKey)) {
    problems.push('OG_BOOTSTRAP_KEY: expected og_live_ + 30 base-62 characters + a 6-character CRC-32 checksum (see `og-gateway keys generate`)');
  }
  const keys = encryptionKeys(env, Boolean(mongodbUri) && opts.sealsSecrets !== false, problems);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL=${JSON.stringify(logLevel)}: expected fatal, error, warn, info, debug, trace or silent`);
  }
  const config: GatewayConfig = {
    host,
    port,
    mongodbUri,
    dataDir: env.OG_DATA_DIR || './.data',
    bootstrapKey,
    publicUrl: url(env, 'OG_PUBLIC_URL', `http://${host.includes(':') ? `[${host}]` : host}:${port}`, problems),
    allowPrivateNetwork: boolean(env, 'OG_ALLOW_PRIVATE_NETWORK', problems),
    // A gateway that only listens on loopback is somebody's development gateway: there a
    // sink sender is how `og-gateway trigger` sends a campaign. Anywhere else a message
    // reported sent that never left would mislead, so it takes an explicit opt-in.
    sinkSenders: env.OG_SINK_SENDERS === undefined || env.OG_SINK_SENDERS === '' ? isLoopbackHost(host) : boolean(env, 'OG_SINK_SENDERS', problems),
    retryScheduleSeconds: schedule(env.OG_RETRY_SCHEDULE, problems),
    logLevel,
    rateLimitIpPerMinute: integer(env, 'OG_RATE_LIMIT_IP_PER_MINUTE', 300, 1, 100_000_000, problems),
    rateLimitOrgPerMinute: integer(env, 'OG_RATE_LIMIT_ORG_PER_MINUTE', 100, 1, 100_000_000, problems),
    bodyLimitBytes: integer(env, 'OG_BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576, problems),
    storeTimeoutMs: integer(env, 'OG_STORE_TIMEOUT_MS', 10_000, 100, 600_000, problems),
    shutdownTimeoutMs: integer(env, 'OG_SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000, problems),
    trustProxy: boolean(env, 'OG_TRUST_PROXY', problems),
    triggerSecret: triggerSecret(env.OG_TRIGGER_SECRET, problems),
    agentCancelGraceSeconds: integer(env, 'OG_AGENT_CANCEL_GRACE_SECONDS', 30, 0, 3600, problems),
    sequenceSendTimeoutMs: integer(env, 'OG_SEQUENCE_SEND_TIMEOUT_MS', 30_000, 100, 600_000, problems),
    embeddedThread: env.OG_EMBEDDED_THREAD === undefined || env.OG_EMBEDDED_THREAD === '' ? true : boolean(env, 'OG_EMBEDDED_THREAD', problems),
    encryptionKey: keys.current,
    encryptionPreviousKeys: keys.previous,
    consoleFrameAncestors: frameAncestors(env.OG_CONSOLE_FRAME_ANCESTORS, problems),
    enrichmentRetrySeconds: secondsList(env, 'OG_ENRICHMENT_RETRY_SCHEDULE', [5, 30], problems),
    tableRunSweepMs: integer(env, 'OG_TABLE_RUN_SWEEP_MS', 60_000, 50, 3_600_000, problems),
    triggerEventRetentionDays: integer(env, 'OG_TRIGGER_EVENT_RETENTION_DAYS', 30, 1, 3650, problems),
    eventRetentionDays: integer(env, 'OG_EVENT_RETENTION_DAYS', 30, 1, 3650, problems),
    eventStream: {
      maxPerOrg: integer(env, 'OG_EVENT_STREAMS_PER_ORG', 10, 1, 10_000, problems),
      heartbeatMs: integer(env, 'OG_EVENT_STREAM_HEARTBEAT_MS', 15_000, 100, 600_000, problems),
    },
    webhooks: {
      maxEndpoints: integer(env, 'OG_WEBHOOK_MAX_ENDPOINTS', 5, 1, 1000, problems),
      timeoutMs: integer(env, 'OG_WEBHOOK_TIMEOUT_MS', 30_000, 100, 300_000, problems),
      disableAfterFailures: integer(env, 'OG_WEBHOOK_DISABLE_AFTER_FAILURES', 100, 1, 100_000, problems),
      retentionDays: integer(env, 'OG_WEBHOOK_RETENTION_DAYS', 30, 1, 3650, problems),
      sweepIntervalMs: integer(env, 'OG_WEBHOOK_SWEEP_MS', 1_000, 50, 600_000, problems),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
