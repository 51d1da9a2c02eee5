#!/usr/bin/env bash
# A webhook receiver in bash + openssl. It handles ONE HTTP request on stdin/stdout, so a
# TCP server runs it per connection (bash cannot listen by itself):
#   WEBHOOK_SECRET=whsec_… socat TCP-LISTEN:3002,bind=127.0.0.1,reuseaddr,fork EXEC:examples/receivers/shell-receiver.sh
#   og-gateway listen --forward-to http://127.0.0.1:3002/webhooks   (prints the whsec_ to use)
# It checks what every Standard Webhooks verifier checks: the timestamp is within 5 minutes
# and one v1 signature equals base64(HMAC-SHA256(base64-decoded secret, "id.timestamp.body")).
set -euo pipefail

reply() { printf 'HTTP/1.1 %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' "$1"; exit 0; }
[[ -n "${WEBHOOK_SECRET:-}" ]] || { echo "set WEBHOOK_SECRET" >&2; reply '500 Internal Server Error'; }

id='' ts='' sigs='' len=0
IFS= read -r request_line || reply '400 Bad Request'
[[ "$request_line" == POST* ]] || reply '405 Method Not Allowed'
while IFS= read -r line; do
  line="${line%$'\r'}"
  [[ -z "$line" ]] && break
  name="${line%%:*}" value="${line#*:}"
  value="${value#"${value%%[![:space:]]*}"}"
  case "${name,,}" in
    webhook-id) id="$value" ;;
    webhook-timestamp) ts="$value" ;;
    webhook-signature) sigs="$value" ;;
    content-length) len="$value" ;;
  esac
done
[[ "$len" =~ ^[0-9]+$ ]] && (( len <= 1048576 )) || reply '413 Payload Too Large'

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
head -c "$len" >"$body"

[[ -n "$id" && "$ts" =~ ^[0-9]+$ && -n "$sigs" ]] || { echo "rejected: missing headers" >&2; reply '401 Unauthorized'; }
now=$(date +%s)
(( now - ts <= 300 && ts - now <= 300 )) || { echo "rejected: stale timestamp" >&2; reply '401 Unauthorized'; }

key_hex=$(printf '%s' "${WEBHOOK_SECRET#whsec_}" | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \n')
expected=$( { printf '%s.%s.' "$id" "$ts"; cat "$body"; } | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | openssl base64 -A)

for sig in $sigs; do
  if [[ "$sig" == "v1,$expected" ]]; then
    type=$(grep -o '"type":"[^"]*"' "$body" | head -n1 | cut -d'"' -f4 || true)
    echo "received ${type:-?} $id" >&2
    reply '204 No Content'
  fi
done
echo "rejected: no matching signature" >&2
reply '401 Unauthorized'
