"""Whole-page cache for anonymous visitors.

On the busiest day almost every request is an anonymous GET of a public page.
This middleware answers those from the cache before sessions, authentication or
Wagtail's routing run, so a repeat view costs no SQL at all.

Why not Django's stock cache middleware: it keys entries on the request's `Vary`
headers (every visitor's cookies) and offers no way to drop what it holds when
an editor publishes. Here the key is the address alone, and each entry records
the *generation* it was made under; publishing (see cms/signals.py) replaces the
generation token, after which every older entry counts as a miss.

Two tiers. The shared cache (Redis in production) holds the generation and the
pages for every process. Each process also keeps recent pages, and the
generation for `PAGE_CACHE_LOCAL_SECONDS` (default 1 s), in its own memory
(the `page-cache-local` cache), so a hot page costs no network round trip. A
publish is seen at once by the process that made it and within that second by
all the others. Setting PAGE_CACHE_LOCAL_SECONDS=0 turns the local tier off.

What is stored is opt-in: only responses whose view called `mark_cacheable`
(Wagtail page serving does, via a hook in wagtail_hooks.py). A request that
carries a session or message cookie (a signed-in editor, a visitor with a flash
message) bypasses the cache both ways, and a response that sets a cookie or used
a CSRF token is never stored, so a cached page never holds anything per visitor.

Query parameters. Links from campaigns carry parameters no page reads (`fbclid`,
`gclid`, `utm_*`, `mc_cid`, ...), each click a new value; keyed on the whole query
string, every such click was a full render and a new entry. So an entry is keyed
on the address plus only the parameters its view reads, which the view declares
when it marks the response cacheable (`query_params`, or `page_cache_query_params`
on a Wagtail page model); any other parameter is served from the same entry. The
middleware answers before routing, so it cannot ask the view: it remembers, per
address and generation, which parameters the last stored response declared (a
small record beside the entries, in both tiers). An address with no record yet is
a miss; storing writes the record. Records exist only for addresses that answered
a cacheable 200, so there are as many as there are pages, whatever visitors append.

Caches in front (a CDN, Varnish). The same rules decide what they may keep, whether
or not this cache is on: a response that may be stored here says `public,
s-maxage=<its lifetime>` (a shared cache keeps it until publishing purges it, see
cms/purge.py) with a short browser lifetime (`max-age`, PAGE_CACHE_BROWSER_SECONDS,
0 by default, since browsers cannot be purged); anything per visitor (a session,
a cookie set, a CSRF token) is marked never to be stored; any other response
without its own Cache-Control says `private`. Only what a view marked is shared.
"""

from __future__ import annotations

import functools
import hashlib
import time
import uuid
from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.encoding import escape_uri_path

GENERATION_KEY = "page-cache:generation"
LOCAL_CACHE = "page-cache-local"
CACHEABLE_ATTR = "_page_cacheable"
QUERY_PARAMS_ATTR = "_page_cache_query_params"
BYPASS_COOKIES = ("messages",)


def _remember_locally(key: str, value, timeout: int) -> None:
    if settings.PAGE_CACHE_LOCAL_SECONDS:
        caches[LOCAL_CACHE].set(key, value, timeout)


def current_generation() -> str:
    """The token every entry must carry to count as fresh."""
    if settings.PAGE_CACHE_LOCAL_SECONDS:
        generation = caches[LOCAL_CACHE].get(GENERATION_KEY)
        if generation is not None:
            return generation
    shared = caches["default"]
    generation = shared.get(GENERATION_KEY)
    if generation is None:
        # add() so two processes starting together agree on one token.
        shared.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = shared.get(GENERATION_KEY) or "unset"
    _remember_locally(GENERATION_KEY, generation, settings.PAGE_CACHE_LOCAL_SECONDS)
    return generation


def clear_page_cache() -> None:
    """Forget every cached page: a new generation token makes the old entries stale."""
    generation = uuid.uuid4().hex
    caches["default"].set(GENERATION_KEY, generation, timeout=None)
    _remember_locally(GENERATION_KEY, generation, settings.PAGE_CACHE_LOCAL_SECONDS)


def mark_cacheable(
    request: HttpRequest, seconds: int | None = None, *, query_params: Iterable[str] = ()
) -> None:
    """Let the middleware store this response, for `seconds` if given (default
    PAGE_CACHE_SECONDS). Marking twice keeps the shorter time; 0 means do not store.

    `query_params` names every query parameter the response depends on: the entry is
    keyed on their values and nothing else in the query string. Marking twice keys
    on the parameters of both marks.
    """
    timeout = settings.PAGE_CACHE_SECONDS if seconds is None else seconds
    previous = getattr(request, CACHEABLE_ATTR, None)
    if previous is not None:
        timeout = min(previous, timeout)
    setattr(request, CACHEABLE_ATTR, timeout)
    declared = getattr(request, QUERY_PARAMS_ATTR, frozenset())
    setattr(request, QUERY_PARAMS_ATTR, declared | frozenset(query_params))


def cacheable(view=None, *, query_params: Iterable[str] = ()):
    """Decorator for plain views whose anonymous GET response is the same for everyone
    given the same `query_params`: `@cacheable` or `@cacheable(query_params=["q", "page"])`."""
    query_params = tuple(query_params)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            mark_cacheable(request, query_params=query_params)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def _carries_visitor_cookies(request: HttpRequest) -> bool:
    """A signed-in editor or a visitor with a message waiting: their pages are their own."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or any(
        name in cookies for name in BYPASS_COOKIES
    )


def _is_per_visitor(request: HttpRequest, response: HttpResponse) -> bool:
    """The response sets a cookie or holds a CSRF token (a form, a password prompt)."""
    return bool(response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def set_shared_cache_headers(response: HttpResponse, seconds: int) -> None:
    """Let shared caches (a CDN, Varnish) keep this response for `seconds`, until
    publishing purges it (cms/purge.py), and browsers for PAGE_CACHE_BROWSER_SECONDS.

    A view that chose its own lifetimes (the petition count) keeps them.
    """
    _drop_accept_language_vary(response)
    current = response.get("Cache-Control", "")
    if "max-age" in current:
        patch_cache_control(response, public=True)
        return
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.PAGE_CACHE_BROWSER_SECONDS, seconds),
        s_maxage=seconds,
    )


def _drop_accept_language_vary(response: HttpResponse) -> None:
    """Django's LocaleMiddleware says an address without a language prefix varies on
    `Accept-Language`. Here the language comes from the address alone (English has no
    prefix, config/urls.py), so the page is the same whatever the browser prefers, and
    a CDN honouring the header would keep one copy of it per browser language."""
    vary = [value.strip() for value in response.get("Vary", "").split(",") if value.strip()]
    kept = [value for value in vary if value.lower() != "accept-language"]
    if len(kept) == len(vary):
        return
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


def keep_out_of_shared_caches(request: HttpRequest, response: HttpResponse) -> None:
    """Only what a view marked cacheable may be kept by a CDN. A response that chose
    no lifetime says `private`; one that is per visitor (cookies, a CSRF token, a
    session) is never stored anywhere."""
    current = response.get("Cache-Control", "")
    if "no-store" in current:
        return
    if _carries_visitor_cookies(request) or _is_per_visitor(request, response):
        add_never_cache_headers(response)
    elif not current and request.method in ("GET", "HEAD"):
        patch_cache_control(response, private=True)


class PageCacheMiddleware:
    """Outermost middleware: a hit is answered before anything else runs.

    Entries hold the finished response, security headers included, since every
    inner middleware has run by the time one is stored.
    """

    header = "X-Page-Cache"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(tuple(settings.PAGE_CACHE_SKIP_PREFIXES)):
            # The admin, health probes, documents: never kept by a CDN unless they say
            # so themselves (static files do).
            response = self.get_response(request)
            keep_out_of_shared_caches(request, response)
            return response
        if not self._may_use_cache(request):
            response = self.get_response(request)
            if self._may_share(request, response):
                set_shared_cache_headers(response, getattr(request, CACHEABLE_ATTR))
            else:
                keep_out_of_shared_caches(request, response)
            return response

        address = self._address(request)
        generation = current_generation()
        query_params = self._find_query_params(address, generation)
        if query_params is not None:
            entry = self._find(self._key(address, request, query_params), generation)
            if entry is not None:
                return self._rebuild(entry)

        response = self.get_response(request)
        if not self._may_share(request, response):
            keep_out_of_shared_caches(request, response)
        elif response.streaming:
            set_shared_cache_headers(response, getattr(request, CACHEABLE_ATTR))
        else:
            # Join the body into one chunk: views that write() piecemeal (feeds)
            # would otherwise be stored, and sent, as hundreds of tiny writes.
            response.content = response.content
            response[self.header] = "miss"
            timeout = getattr(request, CACHEABLE_ATTR)
            set_shared_cache_headers(response, timeout)
            query_params = tuple(sorted(getattr(request, QUERY_PARAMS_ATTR, ())))
            key = self._key(address, request, query_params)
            entry = (
                generation,
                response.status_code,
                list(response.items()),
                response.content,
                time.time() + timeout,
            )
            caches["default"].set(key, entry, timeout)
            _remember_locally(key, entry, timeout)
            self._remember_query_params(address, generation, query_params, timeout)
        return response

    @staticmethod
    def _params_key(address: str) -> str:
        return "page-cache:params:" + hashlib.sha256(address.encode()).hexdigest()

    @classmethod
    def _find_query_params(cls, address: str, generation: str) -> tuple[str, ...] | None:
        """The parameters the page at `address` is keyed on, or None if not yet known."""
        key = cls._params_key(address)
        if settings.PAGE_CACHE_LOCAL_SECONDS:
            record = caches[LOCAL_CACHE].get(key)
            if cls._is_current_record(record, generation):
                return record[1]
        record = caches["default"].get(key)
        if cls._is_current_record(record, generation):
            remaining = int(record[2] - time.time())
            if remaining > 0:
                _remember_locally(key, record, remaining)
            return record[1]
        return None

    @classmethod
    def _remember_query_params(
        cls, address: str, generation: str, query_params: tuple[str, ...], timeout: int
    ) -> None:
        # As long as the entry just stored. The entries under one address are stored
        # with the same lifetime, so the older ones expire before the record does
        # (and an address whose record expired is only a miss, never a wrong page).
        key = cls._params_key(address)
        record = (generation, query_params, time.time() + timeout)
        caches["default"].set(key, record, timeout)
        _remember_locally(key, record, timeout)

    @staticmethod
    def _is_current_record(record, generation: str) -> bool:
        return (
            isinstance(record, tuple)
            and len(record) == 3
            and record[0] == generation
            and isinstance(record[1], tuple)
        )

    @staticmethod
    def _is_fresh(entry, generation: str) -> bool:
        # Entries written by an older release have another shape: treat them as misses.
        return isinstance(entry, tuple) and len(entry) == 5 and entry[0] == generation

    @classmethod
    def _find(cls, key: str, generation: str):
        if settings.PAGE_CACHE_LOCAL_SECONDS:
            entry = caches[LOCAL_CACHE].get(key)
            if cls._is_fresh(entry, generation):
                return entry
        entry = caches["default"].get(key)
        if cls._is_fresh(entry, generation):
            # A local copy lives no longer than the shared entry it copies.
            remaining = int(entry[4] - time.time())
            if remaining > 0:
                _remember_locally(key, entry, remaining)
            return entry
        return None

    def _rebuild(self, entry) -> HttpResponse:
        _, status, headers, body, _ = entry
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        response[self.header] = "hit"
        return response

    @staticmethod
    def _may_use_cache(request: HttpRequest) -> bool:
        if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
            return False
        return not _carries_visitor_cookies(request)

    @staticmethod
    def _may_share(request: HttpRequest, response: HttpResponse) -> bool:
        """Whether the response is the same for every anonymous visitor: the page cache
        may store it and a CDN may keep it. Decided whether or not our own cache is on."""
        return bool(
            getattr(request, CACHEABLE_ATTR, 0)
            and request.method == "GET"
            and response.status_code == 200
            and not _carries_visitor_cookies(request)
            and not _is_per_visitor(request, response)
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _address(request: HttpRequest) -> str:
        # The scheme is part of the address: in production plain-HTTP requests are
        # redirected (never a 200), so they never find or make an entry.
        return f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"

    @staticmethod
    def _key(address: str, request: HttpRequest, query_params: tuple[str, ...]) -> str:
        """The entry's key: the address and the values of the page's own parameters, in
        a fixed order, so `?b=2&a=1&utm_source=x` and `?a=1&b=2` are one entry."""
        if query_params:
            values = [(name, value) for name in query_params for value in request.GET.getlist(name)]
            if values:
                address = f"{address}?{urlencode(values)}"
        return "page-cache:" + hashlib.sha256(address.encode()).hexdigest()
