"""The HTTP purge backend: what it sends, and that a wedged cache cannot hold a worker."""

import logging
import time

import pytest

from core.frontend_cache import HTTPBackend
from tests.fakes.varnish import FakeVarnish


@pytest.fixture
def varnish():
    fake = FakeVarnish().start()
    yield fake
    fake.stop()


def backend(varnish) -> HTTPBackend:
    return HTTPBackend({"LOCATION": varnish.location})


def test_sends_purge_to_the_cache_naming_the_pages_host_and_address(varnish):
    backend(varnish).purge("https://campaign.example.org:8443/news/?page=2")
    assert varnish.requests == [("PURGE", "campaign.example.org:8443", "/news/?page=2")]


def test_a_cache_that_never_answers_is_given_up_on(varnish, settings, caplog):
    settings.FRONTEND_CACHE_TIMEOUT_SECONDS = 0.3
    varnish.hang_for(10)
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="core.frontend_cache"):
        backend(varnish).purge("https://campaign.example.org/")
    assert time.monotonic() - started < 3
    assert "Could not purge https://campaign.example.org/" in caplog.text


def test_a_refused_purge_is_logged_not_raised(varnish, caplog):
    varnish.fail_with(403)
    with caplog.at_level(logging.ERROR, logger="core.frontend_cache"):
        backend(varnish).purge("https://campaign.example.org/petition/")
    assert "refused to purge https://campaign.example.org/petition/: 403" in caplog.text
