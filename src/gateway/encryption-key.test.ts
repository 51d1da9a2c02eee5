import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { KEY_FILE, resolveSecretBox } from './encryption-key.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

async function dataDir() {
  const dir = await mkdtemp(join(tmpdir(), 'og-enc-key-'));
  dirs.push(dir);
  return dir;
}

describe('resolveSecretBox', () => {
  it('generates an owner-only key into the data directory once, warns, and reuses it', async () => {
    const dir = await dataDir();
    const { logger, lines } = capturingLogger();
    const first = await resolveSecretBox(loadConfig({ OG_DATA_DIR: dir }), logger);
    const file = join(dir, KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32);
    expect(lines.find((l) => l.level === 40)?.msg).toMatch(/production must set OG_ENCRYPTION_KEY/);
    const sealed = first.seal('kept across restarts', 'c');
    const second = await resolveSecretBox(loadConfig({ OG_DATA_DIR: dir }), logger);
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(second.open(sealed, 'c')).toBe('kept across restarts');
  });

  it('uses OG_ENCRYPTION_KEY without writing a file, and keeps an earlier generated key for opening', async () => {
    const dir = await dataDir();
    const { logger, lines } = capturingLogger();
    const generated = await resolveSecretBox(loadConfig({ OG_DATA_DIR: dir }), logger);
    const old = generated.seal('from before', 'c');
    const key = Buffer.alloc(32, 4).toString('base64');
    lines.length = 0;
    const configured = await resolveSecretBox(loadConfig({ OG_DATA_DIR: dir, OG_ENCRYPTION_KEY: key }), logger);
    expect(configured.currentKeyId).not.toBe(generated.currentKeyId);
    expect(configured.open(old, 'c')).toBe('from before');
    expect(configured.isCurrent(old)).toBe(false);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);

    const fresh = await dataDir();
    await resolveSecretBox(loadConfig({ OG_DATA_DIR: fresh, OG_ENCRYPTION_KEY: key }), logger);
    await expect(stat(join(fresh, KEY_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a damaged key file rather than generating a new key over it', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, KEY_FILE), 'too-short\n', { mode: 0o600 });
    await expect(resolveSecretBox(loadConfig({ OG_DATA_DIR: dir }), pino({ level: 'silent' }))).rejects.toThrow(/expected a 32-byte base64 key/);
  });
});
