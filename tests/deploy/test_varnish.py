"""deploy/varnish/default.vcl in a real varnishd, in front of a recording backend."""

import http.client
import subprocess
import time

import pytest

from .conftest import free_port, load_stack_module, require, stop, wait_for_port

pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def varnish(backend, tmp_path):
    require("varnishd")
    stack = load_stack_module()
    port = free_port()
    # 127.0.0.2 plays an app host: only it may PURGE.
    folder = stack.write_site_vcl(tmp_path, backend=backend.address, purgers=["127.0.0.2"])
    command = stack.varnish_command(tmp_path, listen=[f"127.0.0.1:{port}"], vcl_folder=folder)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process)
        deadline = time.monotonic() + 15
        while request(port, "GET", "/healthz/proxy")[0] != 200:  # the probe saw nginx up
            assert time.monotonic() < deadline, "Varnish never found its backend healthy"
            time.sleep(0.2)
        yield port
    finally:
        stop(process)


def request(port, method, path, headers=None, source="127.0.0.1"):
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request(method, path, headers={"Host": "site.example", **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def test_a_public_page_is_kept_for_its_shared_lifetime(varnish, backend):
    assert request(varnish, "GET", "/page/")[1]["x-cache"] == "miss"
    status, headers = request(varnish, "GET", "/page/")
    assert (status, headers["x-cache"]) == (200, "hit")
    assert backend.hits("/page/") == 1


@pytest.mark.parametrize("path", ["/uncached/", "/private/", "/sets-cookie/"])
def test_what_the_app_does_not_mark_public_with_a_lifetime_is_never_kept(varnish, backend, path):
    request(varnish, "GET", path)
    status, headers = request(varnish, "GET", path)
    assert status == 200
    assert backend.hits(path) == 2
    if path == "/sets-cookie/":
        assert "set-cookie" in headers  # and the visitor still gets their cookie


def test_signed_in_visitors_and_posts_go_through_with_their_cookies(varnish, backend):
    request(varnish, "GET", "/page/")
    request(varnish, "GET", "/page/", {"Cookie": "sessionid=s1; csrftoken=t"})
    request(varnish, "GET", "/page/", {"Cookie": "messages=m"})
    request(varnish, "POST", "/page/", {"Cookie": "csrftoken=t", "Content-Length": "0"})
    assert backend.hits("/page/") == 3
    assert backend.hits("/page/", "POST") == 1
    posted = next(r for r in backend.requests if r["method"] == "POST")
    assert posted["headers"]["Cookie"] == "csrftoken=t"


def test_anonymous_cookies_neither_reach_the_app_nor_split_the_cache(varnish, backend):
    request(varnish, "GET", "/page/", {"Cookie": "csrftoken=one; _pk_id=x"})
    status, headers = request(varnish, "GET", "/page/", {"Cookie": "csrftoken=two"})
    assert headers["x-cache"] == "hit"
    assert backend.hits("/page/") == 1
    assert "Cookie" not in backend.requests[-1]["headers"]


def test_tracking_parameters_share_the_page_entry(varnish, backend):
    request(varnish, "GET", "/page/?utm_source=tv&fbclid=abc&ref=abcdefghjk")
    assert request(varnish, "GET", "/page/")[1]["x-cache"] == "hit"
    request(varnish, "GET", "/page/?page=2&utm_medium=email")
    assert request(varnish, "GET", "/page/?page=2")[1]["x-cache"] == "hit"
    assert [r["path"] for r in backend.requests if r["path"].startswith("/page/")] == [
        "/page/",
        "/page/?page=2",
    ]


def test_purge_is_taken_from_the_app_hosts_only(varnish, backend):
    request(varnish, "GET", "/page/")
    assert request(varnish, "PURGE", "/page/")[0] == 403
    assert request(varnish, "GET", "/page/")[1]["x-cache"] == "hit"

    assert request(varnish, "PURGE", "/page/", source="127.0.0.2")[0] == 200
    assert request(varnish, "GET", "/page/")[1]["x-cache"] == "miss"
    assert backend.hits("/page/") == 2


def test_a_purge_clears_the_address_with_every_query_string(varnish, backend):
    for path in ("/page/", "/page/?q=trials", "/page/?country=DE&page=3", "/page/child/"):
        request(varnish, "GET", path)
    request(varnish, "PURGE", "/page/", source="127.0.0.2")
    assert request(varnish, "GET", "/page/?q=trials")[1]["x-cache"] == "miss"
    assert request(varnish, "GET", "/page/?country=DE&page=3")[1]["x-cache"] == "miss"
    assert request(varnish, "GET", "/page/child/")[1]["x-cache"] == "hit"  # another page
    status, headers = request(varnish, "GET", "/page/")
    assert "x-path" not in headers
