// The console's only way to the gateway: the public API on this origin, the credential in
// an Authorization header, kept in sessionStorage (gone with the tab, never a cookie or URL).

const CREDENTIAL = 'og-console.credential';
const TIMEOUT_MS = 15_000;

/** @returns {string | null} */
export const credential = () => sessionStorage.getItem(CREDENTIAL);
/** @param {string} token */
export const setCredential = (token) => sessionStorage.setItem(CREDENTIAL, token);
export const clearCredential = () => sessionStorage.removeItem(CREDENTIAL);

/** An answer outside 2xx, carrying the API's error envelope `{ error, code, details? }`. */
export class ApiError extends Error {
  /** @param {number} status @param {{ error?: string, code?: string, details?: any }} envelope */
  constructor(status, envelope) {
    super(envelope.error || `The gateway answered ${status}`);
    this.status = status;
    this.code = envelope.code || `HTTP_${status}`;
    this.details = envelope.details;
  }
}

/**
 * Calls `/api/v2${path}`; resolves with the parsed JSON body, rejects with an ApiError.
 * @param {string} method @param {string} path @param {unknown} [body] @param {string} [token]
 */
export async function api(method, path, body, token = credential() ?? '') {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json', authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api/v2${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const message = err instanceof Error && err.name === 'TimeoutError' ? 'The gateway did not answer in time' : 'The gateway could not be reached';
    throw new ApiError(0, { error: message, code: 'NETWORK_ERROR' });
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data && typeof data === 'object' ? data : { error: text.slice(0, 300) || res.statusText });
  return data;
}

/** @param {Record<string, string | number | undefined | null>} params */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
