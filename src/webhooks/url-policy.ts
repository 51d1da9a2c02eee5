import { checkTargetUrl, parseHostLiteral } from '../outbound/address-policy.ts';

// Submit-time checks of a webhook endpoint: the outbound-address policy every target
// shares, plus the stricter published rules for endpoints (a host name, the default
// port). The dial-time check on the resolved address (src/outbound/http-client.ts) is
// what actually stops rebinding.

/** A problem with the URL, or null when it may be stored. */
export function endpointUrlProblem(raw: string, allowPrivateNetwork: boolean): string | null {
  const checked = checkTargetUrl(raw, { allowPrivateNetwork });
  if (checked.url === null) return checked.problem;
  if (allowPrivateNetwork) return null;
  if (parseHostLiteral(checked.url.hostname) !== null) return 'must use a host name, not an IP address';
  if (checked.url.port !== '') return 'must use the default port';
  return null;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'content-type',
  'expect',
]);
export const MAX_CUSTOM_HEADERS = 20;

/** Problems with an endpoint's custom headers, keyed by header name. */
export function customHeaderProblems(headers: Record<string, string>): Record<string, string> {
  const problems: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) problems[name] = 'is not a valid header name';
    else if (RESERVED_HEADERS.has(lower)) problems[name] = 'is a hop-by-hop or transport header the gateway sets itself';
    else if (lower.startsWith('webhook-')) problems[name] = 'webhook-* headers are reserved for the signature';
    else if (seen.has(lower)) problems[name] = 'is given twice (names are case-insensitive)';
    else if (/[\r\n\0]/.test(value)) problems[name] = 'value must not contain CR, LF or NUL';
    seen.add(lower);
  }
  return problems;
}
