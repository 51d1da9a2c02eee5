import { describe, expect, it } from 'vitest';
import { checkTargetUrl, hostProblem, isPublicAddress, parseHostLiteral, resolvedAddressProblem } from './address-policy.ts';

const strict = { allowPrivateNetwork: false };
const loose = { allowPrivateNetwork: true };

describe('numeric IPv4 spellings', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0x7f.0.0.1', '127.0.0.1'],
    ['0X7F.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['127.0.0.1.', '127.0.0.1'],
    ['0', '0.0.0.0'],
    ['0x0a.0x10.0x20.0x30', '10.16.32.48'],
    ['134744072', '8.8.8.8'],
    ['8.8.8.8', '8.8.8.8'],
  ])('%s is %s', (spelling, normal) => {
    const parsed = parseHostLiteral(spelling);
    expect(parsed === null || parsed === 'invalid' ? parsed : parsed.toString()).toBe(normal);
  });

  it.each(['1.2.3.4.5', '256.0.0.1', '08.0.0.1', '0x', '4294967296', 'example.123', '1.2.3.0x', '[::1%25eth0]', 'fe80::1%eth0', ':::'])(
    '%s is refused as no valid host',
    (spelling) => {
      expect(parseHostLiteral(spelling)).toBe('invalid');
      expect(hostProblem(spelling, loose)).toMatch(/not a valid host/);
    },
  );

  it.each(['example.com', 'smtp.mail.example', 'xn--bcher-kva.example', 'a1.b2', '0x7f.example.com'])('%s is a name', (name) => {
    expect(parseHostLiteral(name)).toBeNull();
  });
});

describe('the address classifier', () => {
  it.each([
    // IPv4 special ranges
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.1',
    '192.0.2.1',
    '192.88.99.1',
    '192.168.1.1',
    '198.18.0.1',
    '198.51.100.1',
    '203.0.113.1',
    '224.0.0.1',
    '240.0.0.1',
    '255.255.255.255',
    // IPv6 ranges
    '::',
    '::1',
    'fe80::1',
    'fd00::1',
    'fc00::1',
    'fec0::1',
    'ff02::1',
    '100::1',
    '100::ffff:ffff:ffff:ffff',
    '2001:db8::1',
    '3fff::1',
    '5f00::1',
    '2001:2::1',
    '2001:10::1',
    // IPv4 inside IPv6
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:0:7f00:1',
    '::7f00:1',
    '::127.0.0.1',
    '::8.8.8.8',
    '2002:7f00:1::',
    '2002:a00:1::1',
    '2002:c0a8:101::1',
    '64:ff9b::7f00:1',
    '64:ff9b::127.0.0.1',
    '64:ff9b::a00:1',
    '64:ff9b:1::808:808',
    '64:ff9b:1:ffff::1',
    '2001::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
    expect(hostProblem(address, strict)).toMatch(/public address|cloud metadata/);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '2a00:1450:4001::1',
    '2001:200::1',
    // IPv4 inside IPv6 judged by the address inside
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
    expect(hostProblem(address, strict)).toBeNull();
  });

  it('names the range it refuses', () => {
    expect(resolvedAddressProblem('127.0.0.1', strict)).toMatch(/loopback/);
    expect(resolvedAddressProblem('2002:7f00:1::', strict)).toMatch(/embeds 127\.0\.0\.1.*loopback/);
    expect(resolvedAddressProblem('2001::1', strict)).toMatch(/Teredo/);
    expect(resolvedAddressProblem('64:ff9b:1::1', strict)).toMatch(/local-use NAT64/);
    expect(resolvedAddressProblem('::7f00:1', strict)).toMatch(/IPv4-compatible/);
  });

  it('allows private addresses when private networking is allowed, never cloud metadata', () => {
    expect(resolvedAddressProblem('127.0.0.1', loose)).toBeNull();
    expect(resolvedAddressProblem('::1', loose)).toBeNull();
    for (const metadata of ['169.254.169.254', '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe', 'fd00:ec2::254']) {
      expect(resolvedAddressProblem(metadata, loose)).toMatch(/metadata/);
    }
    expect(hostProblem('2852039166', loose)).toMatch(/metadata/);
    expect(hostProblem('metadata.google.internal.', loose)).toMatch(/metadata/);
  });
});

describe('host names and URLs', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', 'api.localhost', 'localhost.localdomain', 'ip6-localhost'])('%s names the local machine', (host) => {
    expect(hostProblem(host, strict)).toMatch(/local machine/);
    expect(hostProblem(host, loose)).toBeNull();
  });

  it.each(['exa mple.com', 'a..b', '-a.example', 'a_b-.example', 'host/path', ''])('%j is not a host name', (host) => {
    expect(hostProblem(host, strict)).toMatch(/not a valid host/);
  });

  it('checks URLs: scheme, userinfo and the host by the same rules', () => {
    expect(checkTargetUrl('https://hooks.example.com/x', strict).problem).toBeNull();
    expect(checkTargetUrl('https://hooks.example.com:8443/x', strict).problem).toBeNull();
    expect(checkTargetUrl('http://hooks.example.com/x', strict)).toMatchObject({ kind: 'invalid_url', problem: 'must use https://' });
    expect(checkTargetUrl('http://127.0.0.1:9/x', loose).problem).toBeNull();
    expect(checkTargetUrl('https://u:p@hooks.example.com/x', strict)).toMatchObject({ kind: 'invalid_url' });
    expect(checkTargetUrl('not a url', strict)).toMatchObject({ kind: 'invalid_url' });
    for (const url of [
      'https://2130706433/',
      'https://0177.0.0.1/',
      'https://0x7f.0.0.1/',
      'https://127.1/',
      'https://[::7f00:1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://localhost/',
      'https://[2002:7f00:1::]/',
    ]) {
      expect(checkTargetUrl(url, strict)).toMatchObject({ kind: 'refused_address' });
    }
  });
});
