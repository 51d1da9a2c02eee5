"""A webhook receiver in Python using only the standard library (hmac, http.server).

The `standardwebhooks` package from PyPI does the same in one call
(Webhook(secret).verify(body, headers)); this file shows what it checks, with no install:

    WEBHOOK_SECRET=whsec_... PORT=3001 python3 examples/receivers/python-receiver.py
    og-gateway listen --forward-to http://127.0.0.1:3001/webhooks   (prints the whsec_ to use)
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 5 * 60
MAX_BODY = 1 << 20


def secret_key(secret: str) -> bytes:
    return base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)


def verify(secret: str, headers, body: bytes) -> dict:
    """Returns the parsed event, or raises ValueError. `body` must be the raw bytes received."""
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not msg_id or not timestamp or not signatures:
        raise ValueError("missing webhook-id, webhook-timestamp or webhook-signature")
    try:
        ts = int(timestamp)
    except ValueError:
        raise ValueError("webhook-timestamp is not a number")
    if abs(time.time() - ts) > TOLERANCE_SECONDS:
        raise ValueError("timestamp outside the tolerance (replayed or clock skew)")
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(secret_key(secret), signed, hashlib.sha256).digest()).decode()
    # Several "v1,<sig>" entries may be present (a secret rotation): any one that matches is enough.
    for entry in signatures.split(" "):
        version, _, sig = entry.partition(",")
        if version == "v1" and hmac.compare_digest(sig, expected):
            return json.loads(body)
    raise ValueError("no matching signature")


class Receiver(BaseHTTPRequestHandler):
    secret = ""

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        if length > MAX_BODY:
            self.send_response(413)
            self.end_headers()
            return
        body = self.rfile.read(length)
        try:
            event = verify(self.secret, self.headers, body)
        except ValueError as err:
            print(f"rejected: {err}", flush=True)
            self.send_response(401)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"error":"bad signature"}')
            return
        print(f"received {event.get('type')} {event.get('id')}", flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    secret = os.environ.get("WEBHOOK_SECRET")
    if not secret:
        print("set WEBHOOK_SECRET to the whsec_... secret of the endpoint (or of og-gateway listen)", file=sys.stderr)
        sys.exit(2)
    Receiver.secret = secret
    host = os.environ.get("HOST", "127.0.0.1")
    server = ThreadingHTTPServer((host, int(os.environ.get("PORT", "3001"))), Receiver)
    print(f"listening on http://{host}:{server.server_address[1]}/webhooks", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
