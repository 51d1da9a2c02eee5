import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { parseMongodArgs } from '../../src/cli/mongod-command.ts';
import { isEmbedded } from '../support/mongo-uri.ts';

const dir = mkdtempSync(join(tmpdir(), 'og-cli-'));
const fixture = fileURLToPath(new URL('./fixtures/mongod-cli.ts', import.meta.url));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mongod CLI', () => {
  it('parses its flags', () => {
    expect(parseMongodArgs(['mongod', '--dbpath', '/d', '--port', '0', '--host=::1', '--socket', '/s'])).toEqual({
      dbPath: '/d',
      port: 0,
      host: '::1',
      socketPath: '/s',
    });
    expect(() => parseMongodArgs(['--port', '1'])).toThrow(/--dbpath is required/);
    expect(() => parseMongodArgs(['--dbpath', '/d', '--bogus', '1'])).toThrow(/unknown option --bogus/);
  });

  it.skipIf(!isEmbedded())('serves TCP and a unix socket until SIGTERM, then exits cleanly', async () => {
    const dbPath = join(dir, 'db');
    const socketPath = join(dir, 'm.sock');
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, 'mongod', '--dbpath', dbPath, '--port', '0', '--socket', socketPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const uri = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const line = out.split('\n').find((l) => l.startsWith('mongodb://'));
          if (line) resolve(line.trim());
        });
        setTimeout(() => reject(new Error('CLI did not print its URI')), 15_000);
      });
      const tcp = await new MongoClient(uri).connect();
      await tcp.db('cli').collection('c').insertOne({ via: 'tcp' });
      await tcp.close();
      const unix = await new MongoClient(`mongodb://${encodeURIComponent(socketPath)}/?directConnection=true`).connect();
      expect(
        await unix
          .db('cli')
          .collection('c')
          .findOne({}, { projection: { _id: 0 } }),
      ).toEqual({ via: 'tcp' });
      await unix.close();
      expect(existsSync(join(dbPath, 'mongod.lock'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(existsSync(join(dbPath, 'mongod.lock'))).toBe(false);
  });
});
