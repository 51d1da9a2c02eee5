import { describe, expect, it } from 'vitest';
import { isWellFormedApiKey } from '../domain/api-keys/key-format.ts';
import { parseMongodArgs } from './mongod-command.ts';
import { COMMANDS, runCli } from './commands.ts';

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('og-gateway command line', () => {
  it.each(COMMANDS.map((c) => [c.name]))('prints the help of %s with exit code 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const r = await run([...name.split(' '), flag]);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toContain(`usage: og-gateway ${name}`);
      expect(r.out).toContain('--help');
    }
    expect((await run(['help', ...name.split(' ')])).out).toContain(`usage: og-gateway ${name}`);
  });

  it('prints the command list for --help, and on stderr with exit code 2 without a command', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.out).toContain(c.name);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no command given[\s\S]*usage: og-gateway <command>/);
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command frobnicate/);
    const half = await run(['keys']);
    expect(half.code).toBe(2);
    expect(half.err).toMatch(/keys needs a subcommand/);
    expect((await run(['keys', 'nope'])).err).toMatch(/unknown command keys nope/);
  });

  it.each([
    [['start', '--port', '8080'], /og-gateway start: unknown option --port/],
    [['keys', 'generate', '--org=x'], /og-gateway keys generate: unknown option --org/],
    [['keys', 'create', '--org=acme', '--scope', 'admin'], /og-gateway keys create: unknown option --scope/],
    [['keys', 'create'], /keys create needs --org NAME/],
    [['keys', 'create', '--org='], /keys create needs --org NAME/],
    [['keys', 'create', '--org', 'x', '--scopes', 'root'], /--scopes takes a comma-separated list/],
    [['mongod', '--port', '1'], /--dbpath is required/],
    [['mongod', '--dbpath=/d', '--port=99999'], /invalid --port "99999"/],
    [['mongod', '--dbpath', '/d', '--bogus', '1'], /unknown option --bogus/],
  ])('refuses %j with exit code 2 and says why', async (argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('usage: og-gateway');
    expect(r.out).toBe('');
  });

  it('runs keys generate', async () => {
    const r = await run(['keys', 'generate']);
    expect(r.code).toBe(0);
    expect(isWellFormedApiKey(r.out.trim())).toBe(true);
  });

  it('parses mongod options in both spellings, with --bind_ip for --host', () => {
    const expected = { dbPath: '/d', port: 0, host: '::1', socketPath: '/s' };
    expect(parseMongodArgs(['--dbpath=/d', '--port=0', '--bind_ip=::1', '--socket=/s'])).toEqual(expected);
    expect(parseMongodArgs(['mongod', '--dbpath', '/d', '--port', '0', '--host', '::1', '--socket', '/s'])).toEqual(expected);
    expect(parseMongodArgs(['--dbpath', '/d'])).toEqual({ dbPath: '/d', port: 27017, host: '127.0.0.1' });
  });
});
