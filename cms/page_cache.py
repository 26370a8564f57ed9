"""Whole-page cache for anonymous visitors.

On the busiest day almost every request is an anonymous GET of a public page.
This middleware answers those from the cache before sessions, authentication or
Wagtail's routing run, so a repeat view costs no SQL at all.

Why not Django's stock cache middleware: it keys entries on the request's `Vary`
headers (every visitor's cookies) and offers no way to drop what it holds when
an editor publishes. Here the key is the address alone, prefixed by a
*generation* token; publishing (see cms/signals.py) replaces the token, and
every page cached under the old one is never read again and ages out.

What is stored is opt-in: only responses whose view called `mark_cacheable`
(Wagtail page serving does, via a hook in wagtail_hooks.py). A request that
carries a session or message cookie (a signed-in editor, a visitor with a flash
message) bypasses the cache both ways, and a response that sets a cookie or used
a CSRF token is never stored, so a cached page never holds anything per visitor.
"""

from __future__ import annotations

import functools
import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

GENERATION_KEY = "page-cache:generation"
CACHEABLE_ATTR = "_page_cacheable"
BYPASS_COOKIES = ("messages",)


def current_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # add() so two processes starting together agree on one token.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY) or "unset"
    return generation


def clear_page_cache() -> None:
    """Forget every cached page: a new generation token makes the old entries unreachable."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def mark_cacheable(request: HttpRequest) -> None:
    setattr(request, CACHEABLE_ATTR, True)


def cacheable(view):
    """Decorator for plain views whose anonymous GET response is the same for everyone."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        mark_cacheable(request)
        return view(request, *args, **kwargs)

    return wrapper


class PageCacheMiddleware:
    header = "X-Page-Cache"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._may_use_cache(request):
            return self.get_response(request)

        key = self._key(request)
        response = cache.get(key)
        if response is not None:
            response[self.header] = "hit"
            return response

        response = self.get_response(request)
        if self._may_store(request, response):
            response[self.header] = "miss"
            patch_cache_control(response, public=True)
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _may_use_cache(request: HttpRequest) -> bool:
        if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
            return False
        cookies = request.COOKIES
        return settings.SESSION_COOKIE_NAME not in cookies and not any(
            name in cookies for name in BYPASS_COOKIES
        )

    @staticmethod
    def _may_store(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            getattr(request, CACHEABLE_ATTR, False)
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _key(request: HttpRequest) -> str:
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"page-cache:{current_generation()}:{digest}"
