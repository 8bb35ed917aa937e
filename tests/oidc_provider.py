"""A small OpenID Connect provider on 127.0.0.1, for testing the company sign-in end to end.

It speaks the authorization-code flow as an identity provider does (a
discovery document, authorize, token and keys endpoints, RS256-signed ID
tokens carrying the login's nonce) and signs in whoever :attr:`person` names,
without asking: the browser test plays a person whose company has already
signed them in.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

__all__ = ["Provider", "provider"]


class Provider:
    def __init__(self, url: str) -> None:
        self.url = url
        self.client_id = "keystone"
        self.client_secret = secrets.token_urlsafe(16)
        self.person = "ana@example.org"
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, dict[str, str]] = {}

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def discovery(self) -> dict[str, object]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def id_token(self, nonce: str | None) -> str:
        now = int(time.time())
        claims = {
            "iss": self.url, "sub": self.person, "aud": self.client_id, "iat": now, "exp": now + 600,
            "email": self.person, "email_verified": True, "name": self.person,
        }  # fmt: skip
        if nonce:
            claims["nonce"] = nonce
        return jwt.encode({"alg": "RS256", "kid": "test"}, claims, self.key)


def _handler(owner: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _json(self, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            address = urlparse(self.path)
            query = {name: values[0] for name, values in parse_qs(address.query).items()}
            if address.path == "/.well-known/openid-configuration":
                self._json(owner.discovery())
            elif address.path == "/jwks":
                self._json({"keys": [owner.key.as_dict(private=False)]})
            elif address.path == "/authorize":
                code = secrets.token_urlsafe(16)
                owner.codes[code] = {"nonce": query.get("nonce", ""), "redirect_uri": query["redirect_uri"]}
                back = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
                self.send_response(302)
                self.send_header("Location", back)
                self.end_headers()
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()}
            grant = owner.codes.pop(form.get("code", ""), None)
            if self.path != "/token" or grant is None:
                self.send_error(400)
                return
            self._json(
                {
                    "access_token": secrets.token_urlsafe(16),
                    "token_type": "Bearer",
                    "expires_in": 600,
                    "id_token": owner.id_token(grant["nonce"] or None),
                }
            )

    return Handler


@contextmanager
def provider() -> Iterator[Provider]:
    """The provider, serving on a free port of 127.0.0.1 until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    owner = Provider(f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(owner)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield owner
    finally:
        server.shutdown()
        server.server_close()
