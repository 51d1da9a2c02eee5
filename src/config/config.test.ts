import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../domain/api-keys/key-format.ts';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the contract values', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, mongodbUri: null, dataDir: './.data', publicUrl: 'http://127.0.0.1:8080' });
    expect(config.rateLimitIpPerMinute).toBe(300);
    expect(config.rateLimitOrgPerMinute).toBe(100);
  });

  it('accepts a well-formed bootstrap key and a retry schedule', () => {
    const key = generateApiKey();
    const config = loadConfig({ OG_BOOTSTRAP_KEY: key, OG_RETRY_SCHEDULE: '0, 1,2', OG_ALLOW_PRIVATE_NETWORK: 'true' });
    expect(config.bootstrapKey).toBe(key);
    expect(config.retryScheduleSeconds).toEqual([0, 1, 2]);
    expect(config.allowPrivateNetwork).toBe(true);
  });

  it.each([
    ['PORT', 'eighty', /PORT="eighty": expected an integer/],
    ['PORT', '70000', /PORT="70000"/],
    ['MONGODB_URI', 'postgres://x', /MONGODB_URI/],
    ['OG_BOOTSTRAP_KEY', 'og_live_short', /OG_BOOTSTRAP_KEY/],
    ['OG_ALLOW_PRIVATE_NETWORK', 'yes', /OG_ALLOW_PRIVATE_NETWORK="yes": expected true or false/],
    ['OG_RETRY_SCHEDULE', '1,-2', /OG_RETRY_SCHEDULE/],
    ['OG_PUBLIC_URL', 'ftp://x', /OG_PUBLIC_URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
  ])('names a bad %s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('decodes OG_ENCRYPTION_KEY and the previous keys (standard or url-safe base64)', () => {
    const key = Buffer.alloc(32, 1);
    const old = Buffer.alloc(32, 2);
    const config = loadConfig({ OG_ENCRYPTION_KEY: key.toString('base64'), OG_ENCRYPTION_PREVIOUS_KEYS: ` ${old.toString('base64url')} ` });
    expect(config.encryptionKey?.equals(key)).toBe(true);
    expect(config.encryptionPreviousKeys.map((k) => k.toString('hex'))).toEqual([old.toString('hex')]);
    expect(loadConfig({}).encryptionKey).toBeNull();
  });

  it.each([
    [{ OG_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }, /OG_ENCRYPTION_KEY: expected a 32-byte key in base64 .* got 16 bytes/],
    [{ OG_ENCRYPTION_KEY: `${Buffer.alloc(32).toString('base64').slice(0, -2)}!=` }, /OG_ENCRYPTION_KEY: expected base64/],
    [{ OG_ENCRYPTION_KEY: 'not base64 at all' }, /OG_ENCRYPTION_KEY: expected base64/],
    [{ OG_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'), OG_ENCRYPTION_PREVIOUS_KEYS: 'abc' }, /OG_ENCRYPTION_PREVIOUS_KEYS\[0\]/],
    [{ OG_ENCRYPTION_PREVIOUS_KEYS: Buffer.alloc(32).toString('base64') }, /OG_ENCRYPTION_PREVIOUS_KEYS: set only together with OG_ENCRYPTION_KEY/],
    [{ MONGODB_URI: 'mongodb://127.0.0.1:1/x' }, /OG_ENCRYPTION_KEY: required with MONGODB_URI/],
  ])('refuses a bad encryption key setting %#', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('lets a command that seals nothing run on MONGODB_URI without a key', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb://127.0.0.1:1/x' }, { sealsSecrets: false }).encryptionKey).toBeNull();
  });

  it('never echoes a key in its error', () => {
    const bad = `${Buffer.alloc(31, 9).toString('base64')}`;
    expect(() => loadConfig({ OG_ENCRYPTION_KEY: bad })).toThrow(ConfigError);
    try {
      loadConfig({ OG_ENCRYPTION_KEY: bad });
    } catch (err) {
      expect((err as Error).message).not.toContain(bad);
    }
  });

  it('allows sink senders by default only on a loopback listener, and takes an explicit setting', () => {
    expect(loadConfig({}).sinkSenders).toBe(true);
    expect(loadConfig({ HOST: '::1' }).sinkSenders).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0' }).sinkSenders).toBe(false);
    expect(loadConfig({ HOST: '10.0.0.5' }).sinkSenders).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', OG_SINK_SENDERS: 'true' }).sinkSenders).toBe(true);
    expect(loadConfig({ OG_SINK_SENDERS: 'false' }).sinkSenders).toBe(false);
    expect(() => loadConfig({ OG_SINK_SENDERS: 'maybe' })).toThrow(/OG_SINK_SENDERS="maybe": expected true or false/);
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toHaveLength(2);
    }
  });
});
