import ipaddr from 'ipaddr.js';

// The one outbound-address policy. Every target the gateway calls (webhook endpoints,
// enrichment columns, agent workers, HTTP senders, SMTP hosts) is checked with it twice:
// when it is created (the host as written) and when it is dialled (every address DNS
// gave for it). Without OG_ALLOW_PRIVATE_NETWORK only public unicast addresses pass.

type Ip = ipaddr.IPv4 | ipaddr.IPv6;
type Range = readonly [Ip, number, string];

const cidr = (text: string, label: string): Range => {
  const [address, prefix] = ipaddr.parseCIDR(text);
  return [address, prefix, label];
};

const IPV4_BLOCKED: readonly Range[] = [
  cidr('0.0.0.0/8', '"this network"'),
  cidr('10.0.0.0/8', 'private'),
  cidr('100.64.0.0/10', 'carrier-grade NAT'),
  cidr('127.0.0.0/8', 'loopback'),
  cidr('169.254.0.0/16', 'link-local'),
  cidr('172.16.0.0/12', 'private'),
  cidr('192.0.0.0/24', 'IETF protocol'),
  cidr('192.0.2.0/24', 'documentation'),
  cidr('192.88.99.0/24', '6to4 relay'),
  cidr('192.168.0.0/16', 'private'),
  cidr('198.18.0.0/15', 'benchmarking'),
  cidr('198.51.100.0/24', 'documentation'),
  cidr('203.0.113.0/24', 'documentation'),
  cidr('224.0.0.0/4', 'multicast'),
  cidr('240.0.0.0/4', 'reserved'),
];

// IPv6 that carries an IPv4 address a gateway or the kernel would forward to: judged by it.
const IPV6_EMBEDDING: readonly (readonly [Range, (parts: number[]) => number[]])[] = [
  [cidr('::ffff:0:0/96', 'IPv4-mapped'), (p) => [p[6], p[7]]],
  [cidr('::ffff:0:0:0/96', 'IPv4-translated'), (p) => [p[6], p[7]]],
  [cidr('64:ff9b::/96', 'NAT64'), (p) => [p[6], p[7]]],
  [cidr('2002::/16', '6to4'), (p) => [p[1], p[2]]],
];

// Refused outright: where the IPv4 inside is hidden (Teredo), chosen by the operator
// (local-use NAT64) or deprecated (IPv4-compatible), and every special range of 2000::/3.
const IPV6_BLOCKED: readonly Range[] = [
  cidr('::/128', 'unspecified'),
  cidr('::1/128', 'loopback'),
  cidr('::/96', 'IPv4-compatible (deprecated)'),
  cidr('64:ff9b:1::/48', 'local-use NAT64'),
  cidr('100::/64', 'discard-only'),
  cidr('2001::/32', 'Teredo'),
  cidr('2001::/23', 'IETF protocol'),
  cidr('2001:db8::/32', 'documentation'),
  cidr('3fff::/20', 'documentation'),
  cidr('5f00::/16', 'segment routing'),
  cidr('fc00::/7', 'unique local'),
  cidr('fe80::/10', 'link-local'),
  cidr('fec0::/10', 'site-local'),
  cidr('ff00::/8', 'multicast'),
];
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

export const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'metadata.azure.com', 'instance-data', 'instance-data.ec2.internal']);
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);
const LOCAL_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/i;
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/**
 * An IP literal in any spelling a resolver accepts (`2130706433`, `0177.0.0.1`,
 * `0x7f.1`, `127.1`, `[::1]`), a host name (null), or 'invalid' for a host that looks
 * numeric but is no address (resolvers would treat it differently from one another).
 */
export function parseHostLiteral(host: string): Ip | null | 'invalid' {
  let bare = host.trim().toLowerCase();
  if (bare.startsWith('[') && bare.endsWith(']')) bare = bare.slice(1, -1);
  if (bare.includes(':')) {
    // ipaddr.js reads the deprecated `::a.b.c.d` as IPv4-mapped; it is IPv4-compatible.
    const compatible = /^::(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
    if (compatible && ipaddr.IPv4.isValidFourPartDecimal(compatible[1])) {
      const [a, b, c, d] = ipaddr.IPv4.parse(compatible[1]).octets;
      bare = `::${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    }
    if (!ipaddr.IPv6.isValid(bare)) return 'invalid';
    const v6 = ipaddr.IPv6.parse(bare);
    return v6.zoneId ? 'invalid' : v6;
  }
  if (bare.endsWith('.')) bare = bare.slice(0, -1);
  const labels = bare.split('.');
  if (!NUMERIC_LABEL.test(labels[labels.length - 1])) return null;
  try {
    return ipaddr.IPv4.parse(bare);
  } catch {
    return 'invalid';
  }
}

function embeddedIpv4(v6: ipaddr.IPv6): ipaddr.IPv4 | null {
  for (const [[net, prefix], extract] of IPV6_EMBEDDING) {
    if (v6.match(net, prefix)) {
      const [hi, lo] = extract(v6.parts);
      return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
    }
  }
  return null;
}

/** Null for a public unicast address; otherwise why it is not one. */
export function addressProblem(address: Ip): string | null {
  if (address.kind() === 'ipv4') {
    const hit = IPV4_BLOCKED.find(([net, prefix]) => address.match(net, prefix));
    return hit ? `${address.toString()} is not public (${hit[2]})` : null;
  }
  const v6 = address as ipaddr.IPv6;
  const inner = embeddedIpv4(v6);
  if (inner) {
    const problem = addressProblem(inner);
    return problem ? `${v6.toString()} embeds ${problem}` : null;
  }
  const hit = IPV6_BLOCKED.find(([net, prefix]) => v6.match(net, prefix));
  if (hit) return `${v6.toString()} is not public (${hit[2]})`;
  if (!v6.match(GLOBAL_UNICAST)) return `${v6.toString()} is not public (outside global unicast)`;
  return null;
}

function isMetadataAddress(address: Ip): boolean {
  const inner = address.kind() === 'ipv6' ? embeddedIpv4(address as ipaddr.IPv6) : null;
  return METADATA_ADDRESSES.has((inner ?? address).toString());
}

export interface AddressPolicyOptions {
  allowPrivateNetwork: boolean;
}

/**
 * Dial time: why a resolved address may not be dialled, or null. Cloud metadata is
 * refused even when private networks are allowed.
 */
export function resolvedAddressProblem(address: string, opts: AddressPolicyOptions): string | null {
  const parsed = parseHostLiteral(address);
  if (parsed === null || parsed === 'invalid') return `${address} is not an IP address`;
  if (isMetadataAddress(parsed)) return `${address} is a cloud metadata service`;
  return opts.allowPrivateNetwork ? null : addressProblem(parsed);
}

export const isPublicAddress = (address: string): boolean => resolvedAddressProblem(address, { allowPrivateNetwork: false }) === null;

/** Creation (and dial) time: why a host as written (name or literal) may not be a target, or null. */
export function hostProblem(host: string, opts: AddressPolicyOptions): string | null {
  const literal = parseHostLiteral(host);
  if (literal === 'invalid') return 'is not a valid host name or IP address';
  if (literal) {
    if (isMetadataAddress(literal)) return 'must not point at a cloud metadata service';
    if (opts.allowPrivateNetwork) return null;
    const problem = addressProblem(literal);
    return problem ? `must be a public address (${problem})` : null;
  }
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  if (!HOST_NAME.test(name)) return 'is not a valid host name or IP address';
  if (METADATA_HOSTS.has(name)) return 'must not point at a cloud metadata service';
  if (opts.allowPrivateNetwork) return null;
  if (LOCAL_NAMES.has(name) || name.endsWith('.localhost')) return 'must not name the local machine';
  return null;
}

export type UrlCheck = { url: URL; problem: null } | { url: null; problem: string; kind: 'invalid_url' | 'refused_address' };

/** An outbound URL: https (http too when private networks are allowed), no userinfo, a permitted host. */
export function checkTargetUrl(raw: string, opts: AddressPolicyOptions): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { url: null, problem: 'is not a valid absolute URL', kind: 'invalid_url' };
  }
  if (url.protocol !== 'https:' && !(opts.allowPrivateNetwork && url.protocol === 'http:')) {
    return { url: null, problem: opts.allowPrivateNetwork ? 'must use https:// or http://' : 'must use https://', kind: 'invalid_url' };
  }
  if (url.username || url.password) return { url: null, problem: 'must not contain credentials (userinfo)', kind: 'invalid_url' };
  const problem = hostProblem(url.hostname, opts);
  return problem ? { url: null, problem: `host ${problem}`, kind: 'refused_address' } : { url, problem: null };
}
