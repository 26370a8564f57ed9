"""The deployment files under test: deploy/stack.py loaded by path (deploy/ is not a
package), a backend on 127.0.0.1 that records what reaches it, and free ports."""

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def load_stack_module():
    if "deploy_stack" in sys.modules:
        return sys.modules["deploy_stack"]
    spec = importlib.util.spec_from_file_location("deploy_stack", DEPLOY / "stack.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["deploy_stack"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require(tool: str) -> str:
    """The path of `tool`, or skip (fail under CI: `.ci/run` installs nginx and Varnish)."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (make stack-tools installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


class Backend:
    """An app host stand-in: answers by path, records every request it gets."""

    RESPONSES = {
        # path: (status, headers)
        "/page/": (200, {"Cache-Control": "public, max-age=0, s-maxage=600"}),
        "/page/child/": (200, {"Cache-Control": "public, max-age=0, s-maxage=600"}),
        "/short/": (200, {"Cache-Control": "public, max-age=1"}),
        "/uncached/": (200, {}),
        "/private/": (200, {"Cache-Control": "private, max-age=600"}),
        "/sets-cookie/": (
            200,
            {"Cache-Control": "public, s-maxage=600", "Set-Cookie": "csrftoken=abc; Path=/"},
        ),
    }

    def __init__(self):
        self.requests: list[dict] = []
        backend = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                backend.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body_length": len(body),
                    }
                )
                status, headers = backend.RESPONSES.get(self.path.split("?")[0], (200, {}))
                content = json.dumps({"path": self.path, "n": len(backend.requests)}).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_HEAD = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def hits(self, path: str, method: str = "GET") -> int:
        return sum(1 for r in self.requests if r["path"] == path and r["method"] == method)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def backend():
    server = Backend()
    yield server
    server.stop()


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
