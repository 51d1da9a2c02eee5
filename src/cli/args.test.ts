import { describe, expect, it } from 'vitest';
import { helpText, parseCommand, UsageError, type CommandSpec } from './args.ts';

const SPEC: CommandSpec = {
  name: 'demo run',
  usage: '--org NAME [--dry]',
  summary: 'A demo command.',
  options: {
    org: { type: 'string', valueName: 'NAME', description: 'organization' },
    dry: { type: 'boolean', description: 'change nothing' },
    organisation: { type: 'string', valueName: 'NAME', description: 'the same as --org', aliasOf: 'org' },
  },
};

const problem = (argv: string[]) => {
  try {
    parseCommand(SPEC, argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(argv)}`);
};

describe('parseCommand', () => {
  it('accepts --flag value and --flag=value alike', () => {
    expect(parseCommand(SPEC, ['--org', 'acme', '--dry'])).toEqual({ help: false, values: { org: 'acme', dry: true }, positionals: [] });
    expect(parseCommand(SPEC, ['--org=acme'])).toEqual({ help: false, values: { org: 'acme' }, positionals: [] });
    expect(parseCommand(SPEC, ['--org=a=b'])).toEqual({ help: false, values: { org: 'a=b' }, positionals: [] });
  });

  it('maps an alias onto the option it spells', () => {
    expect(parseCommand(SPEC, ['--organisation', 'acme'])).toEqual({ help: false, values: { org: 'acme' }, positionals: [] });
  });

  it('refuses unknown options, stray arguments and malformed values, naming them', () => {
    expect(problem(['--bogus'])).toMatch(/^og-gateway demo run: unknown option --bogus\nusage: og-gateway demo run --org NAME \[--dry\]/);
    expect(problem(['--bogus=1'])).toMatch(/unknown option --bogus\n/);
    expect(problem(['-x'])).toMatch(/unknown option -x\n/);
    expect(problem(['acme'])).toMatch(/unexpected argument acme\n/);
    expect(problem(['--org'])).toMatch(/option --org needs a value \(--org NAME\)/);
    expect(problem(['--org', '--dry'])).toMatch(/option --org needs a value/);
    expect(problem(['--dry=yes'])).toMatch(/option --dry takes no value/);
    expect(problem(['--bogus'])).toMatch(/Run 'og-gateway demo run --help'/);
  });

  it('takes positionals only up to what the command declares', () => {
    const withOne: CommandSpec = { ...SPEC, positionals: { max: 1 } };
    expect(parseCommand(withOne, ['thing', '--dry'])).toEqual({ help: false, values: { dry: true }, positionals: ['thing'] });
    expect(() => parseCommand(withOne, ['one', 'two'])).toThrow(/unexpected argument two\n/);
  });

  it('answers help wherever --help or -h appears, even beside a bad option', () => {
    expect(parseCommand(SPEC, ['--help'])).toEqual({ help: true });
    expect(parseCommand(SPEC, ['--bogus', '-h'])).toEqual({ help: true });
  });

  it('lists every option once in the help, aliases folded in', () => {
    const text = helpText(SPEC);
    expect(text).toContain('usage: og-gateway demo run --org NAME [--dry]');
    expect(text).toMatch(/--org NAME\s+organization/);
    expect(text).toMatch(/--dry\s+change nothing/);
    expect(text).toMatch(/-h, --help\s+show this help/);
    expect(text).not.toContain('--organisation');
  });
});
