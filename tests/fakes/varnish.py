"""A stand-in for Varnish on 127.0.0.1 that records the PURGE requests it is sent.

Wagtail's real HTTP backend talks to it, as it would to Varnish at FRONTEND_CACHE_URL:

    fake = FakeVarnish().start()
    settings.WAGTAILFRONTENDCACHE = fake.settings()
    ...
    fake.purged()   # {"http://localhost/news/", ...}: the address each PURGE named
    fake.stop()

`fail_with(500)` makes it refuse every purge, as a misconfigured cache would;
`hang_for(seconds)` makes it take each one and answer nothing.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    def do_PURGE(self) -> None:  # noqa: N802 - the HTTP method's name
        fake: FakeVarnish = self.server.fake
        with fake.lock:
            fake.requests.append((self.command, self.headers.get("Host", ""), self.path))
        if fake.hang:
            fake.released.wait(fake.hang)
        status = fake.status
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


class FakeVarnish:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()
        self.status = 200
        self.hang = 0.0
        self.released = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> FakeVarnish:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def location(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def settings(self) -> dict:
        return {
            "varnish": {
                "BACKEND": "core.frontend_cache.HTTPBackend",
                "LOCATION": self.location,
            }
        }

    def fail_with(self, status: int) -> None:
        self.status = status

    def hang_for(self, seconds: float) -> None:
        """Take each PURGE and answer nothing for `seconds`, as a wedged cache would."""
        self.hang = seconds

    def purged(self) -> set[str]:
        """The address each PURGE named: the Host it carried and its path."""
        with self.lock:
            return {f"http://{host}{path}" for _, host, path in self.requests}

    def forget(self) -> None:
        with self.lock:
            self.requests.clear()
