"""deploy/nginx/proxy.conf in a real nginx, in front of recording backends."""

import http.client
import re
import socket
import subprocess
import time

import pytest
from django.conf import settings

from .conftest import DEPLOY, free_port, load_stack_module, require, stop, wait_for_port

PROXY_CONF = (DEPLOY / "nginx" / "proxy.conf").read_text()


def megabytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([km]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]


def body_limits() -> dict[str, int]:
    """client_max_body_size for the server (key "") and for each location that sets its own."""
    limits, location = {}, ""
    for line in PROXY_CONF.splitlines():
        line = line.split("#", 1)[0].strip()
        if match := re.match(r"location\s+(?:=\s*)?(\S+)\s*\{", line):
            location = match.group(1)
        elif line == "}":
            location = ""
        elif match := re.match(r"client_max_body_size\s+(\S+);", line):
            limits[location] = megabytes(match.group(1))
    return limits


def test_body_limits_match_what_django_accepts():
    limits = body_limits()
    # Public forms: Django refuses bodies past DATA_UPLOAD_MAX_MEMORY_SIZE itself.
    assert limits[""] >= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert limits[""] < 2 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # The admin takes image uploads up to Wagtail's limit (plus the form around them).
    assert limits["/admin/"] > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    assert limits["/admin/"] < 2 * settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE


def test_nginx_gives_up_before_gunicorn_kills_the_worker():
    gunicorn = (DEPLOY / "gunicorn.conf.py").read_text()
    worker_timeout = int(re.search(r'"GUNICORN_TIMEOUT", (\d+)', gunicorn).group(1))
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", PROXY_CONF).group(1))
    assert read_timeout < worker_timeout


@pytest.fixture
def nginx(tmp_path):
    require("nginx")
    stack = load_stack_module()
    started = []

    def start(upstreams: list[str]) -> int:
        port = free_port()
        conf = stack.write_nginx_conf(tmp_path, listen=f"127.0.0.1:{port}", upstreams=upstreams)
        checked = subprocess.run(["nginx", "-t", "-c", str(conf)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        process = subprocess.Popen(["nginx", "-c", str(conf)], stderr=subprocess.DEVNULL)
        started.append(process)
        wait_for_port(port, process)
        return port

    yield start
    for process in started:
        stop(process)


def request(port, method, path, body=b"", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def test_passes_the_visitor_address_scheme_and_host(nginx, backend):
    port = nginx([backend.address])
    assert request(port, "GET", "/page/", headers={"Host": "campaign.example.org"})[0] == 200
    seen = backend.requests[-1]["headers"]
    assert seen["X-Forwarded-For"] == "127.0.0.1"
    assert seen["X-Forwarded-Proto"] == "http"
    assert seen["Host"] == "campaign.example.org"


def test_a_dead_host_is_skipped_and_nothing_fails(nginx, backend):
    dead = f"127.0.0.1:{free_port()}"  # nothing listens there
    port = nginx([dead, backend.address])
    statuses = [request(port, "GET", f"/page/?n={n}")[0] for n in range(10)]
    assert statuses == [200] * 10
    assert len(backend.requests) == 10


def test_answers_its_own_health_probe(nginx, backend):
    port = nginx([backend.address])
    assert request(port, "GET", "/healthz/proxy")[0] == 200
    assert backend.requests == []


def test_bodies_past_the_limit_are_refused_before_the_app(nginx, backend):
    port = nginx([backend.address])
    big = b"x" * (4 * 1024 * 1024)
    assert request(port, "POST", "/petitions/1/sign/", big)[0] == 413
    assert backend.requests == []
    assert request(port, "POST", "/admin/images/multiple/add/", big)[0] == 200
    assert backend.requests[-1]["body_length"] == len(big)


def test_a_slow_client_reaches_no_app_process_until_its_request_is_whole(nginx, backend):
    port = nginx([backend.address])
    slow = socket.create_connection(("127.0.0.1", port))
    slow.sendall(b"POST /petitions/1/sign/ HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n")
    time.sleep(0.5)
    slow.sendall(b"\r\nabc")  # headers done, half the body
    time.sleep(1)
    assert backend.requests == []  # no worker is held by the slow client
    assert request(port, "GET", "/page/")[0] == 200  # and others are served meanwhile
    slow.sendall(b"def")
    slow.settimeout(5)
    assert slow.recv(100).startswith(b"HTTP/1.1 200")
    slow.close()
    posted = [r for r in backend.requests if r["method"] == "POST"]
    assert [r["body_length"] for r in posted] == [6]


def test_static_files_are_kept_a_year(nginx, backend, tmp_path):
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "site.abc123.css").write_text("body{}")
    port = nginx([backend.address])
    status, headers = request(port, "GET", "/static/css/site.abc123.css")
    assert status == 200
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert request(port, "GET", "/static/missing.css")[0] == 404
    assert backend.requests == []


def test_the_production_site_includes_the_same_proxy_behaviour():
    site = (DEPLOY / "nginx" / "campaign.conf").read_text()
    assert "include /etc/nginx/campaign/proxy.conf;" in site
    assert re.search(r"listen 443 ssl", site)
    assert "return 301 https://$host$request_uri;" in site
