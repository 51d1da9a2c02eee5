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

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toHaveLength(2);
    }
  });
});
