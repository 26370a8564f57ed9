"""Purging an HTTP cache (Varnish, or anything that takes PURGE) within a time limit.

Wagtail's HTTP backend opens each PURGE with no timeout: a cache that accepts the
connection and never answers would hold the worker running the purge task (and every
task queued behind it) for ever. This backend sends the same request, the cache's
address with the page's path and query and the page's host in `Host`, and gives up
after FRONTEND_CACHE_TIMEOUT_SECONDS; a purge that fails is logged, never raised, so
publishing never depends on the cache.
"""

from __future__ import annotations

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from wagtail.contrib.frontend_cache.backends import HTTPBackend as WagtailHTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest

logger = logging.getLogger(__name__)


class HTTPBackend(WagtailHTTPBackend):
    def purge(self, url: str) -> None:
        page = urlsplit(url)
        target = urlunsplit((self.cache_scheme, self.cache_netloc, page.path, page.query, ""))
        request = PurgeRequest(target, headers={"Host": page.netloc})
        try:
            with urlopen(request, timeout=settings.FRONTEND_CACHE_TIMEOUT_SECONDS):  # noqa: S310 - LOCATION is ours
                pass
        except HTTPError as error:
            logger.error("The cache refused to purge %s: %s %s", url, error.code, error.reason)
        except (URLError, OSError) as error:
            logger.error("Could not purge %s from the cache: %s", url, error)
