"""The one place that talks to ClinicalTrials.gov (API v2, over `requests`).

`clinicaltrials_gateway()` builds a `ClinicalTrialsGateway` from settings when it is
used (never at import time), or returns None while `CLINICALTRIALS_API_BASE` is
empty: the tracker then works from files alone.

- `studies(...)` yields study records one by one from `/studies`, a page at a time
  (`pageSize`, at most 1000), following `nextPageToken` until a page comes without
  one. The first page asks for `countTotal=true`; `total_count` then holds the
  number of studies the query matches, for a progress bar.
- `version()` reads `/version`: when the registry's data was last refreshed
  (`dataTimestamp`) and the API's version.
- Every request gives up after `CLINICALTRIALS_TIMEOUT_SECONDS` and is tried up to
  `CLINICALTRIALS_MAX_RETRIES` times in all when the answer is 429 (waiting what
  `Retry-After` asks, within reason), a 5xx, a timeout or a lost connection,
  waiting `CLINICALTRIALS_RETRY_BASE_SECONDS` doubled per failure, with jitter.
  Imports run as commands (by hand or from the scheduler), never inside a request
  or a task, so waiting here holds up nobody. After the last try it raises
  `ClinicalTrialsUnavailable`; any other refusal (a 400 for a bad query) raises
  `ClinicalTrialsRefused` at once with the API's own words.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from django.conf import settings

# The most a Retry-After may make us wait; beyond that the import fails and the
# scheduler tries again the next night.
MAX_RETRY_AFTER_SECONDS = 300.0
MAX_PAGE_SIZE = 1000


class ClinicalTrialsError(Exception):
    """ClinicalTrials.gov did not give us what we asked for."""


class ClinicalTrialsUnavailable(ClinicalTrialsError):
    """Rate limited, server errors, timeouts or no connection, on every try."""


class ClinicalTrialsRefused(ClinicalTrialsError):
    """The API refused the request itself (e.g. 400 for a malformed filter)."""


@dataclass(frozen=True)
class RegistryVersion:
    data_timestamp: datetime.datetime | None
    api_version: str


def is_configured() -> bool:
    return bool(settings.CLINICALTRIALS_API_BASE)


def clinicaltrials_gateway() -> ClinicalTrialsGateway | None:
    """A gateway built from settings, or None when no API base is configured."""
    if not is_configured():
        return None
    return ClinicalTrialsGateway(
        api_base=settings.CLINICALTRIALS_API_BASE,
        page_size=settings.CLINICALTRIALS_PAGE_SIZE,
        max_tries=settings.CLINICALTRIALS_MAX_RETRIES,
        timeout=settings.CLINICALTRIALS_TIMEOUT_SECONDS,
        retry_base=settings.CLINICALTRIALS_RETRY_BASE_SECONDS,
    )


class ClinicalTrialsGateway:
    def __init__(
        self,
        *,
        api_base: str,
        page_size: int = MAX_PAGE_SIZE,
        max_tries: int = 5,
        timeout: float = 30.0,
        retry_base: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ):
        self.api_base = api_base.rstrip("/")
        self.page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
        self.max_tries = max(1, int(max_tries))
        self.timeout = timeout
        self.retry_base = retry_base
        self._sleep = sleep
        self._jitter = jitter
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json"})
        self.total_count: int | None = None
        self.pages_read = 0

    # --- The calls -------------------------------------------------------------------

    def version(self) -> RegistryVersion:
        answer = self._get("/version", {})
        return RegistryVersion(
            data_timestamp=_timestamp(answer.get("dataTimestamp")),
            api_version=str(answer.get("apiVersion") or ""),
        )

    def studies(
        self,
        *,
        query_lead: str | None = None,
        query_spons: str | None = None,
        ids: Iterable[str] | None = None,
        advanced: str | None = None,
        fields: Iterable[str] | None = None,
        page_size: int | None = None,
        params: dict[str, str] | None = None,
    ) -> Iterator[dict]:
        """Every study the query matches, page after page. `params` adds other API v2
        parameters as they are named there (`query.term`, `filter.overallStatus`, ...)."""
        query: dict[str, str] = dict(params or {})
        if query_lead:
            query["query.lead"] = query_lead
        if query_spons:
            query["query.spons"] = query_spons
        if ids:
            query["filter.ids"] = ",".join(ids)
        if advanced:
            query["filter.advanced"] = advanced
        if fields:
            query["fields"] = ",".join(fields)
        query["pageSize"] = str(max(1, min(int(page_size or self.page_size), MAX_PAGE_SIZE)))
        query["countTotal"] = "true"
        self.total_count = None
        self.pages_read = 0
        while True:
            page = self._get("/studies", query)
            self.pages_read += 1
            if self.pages_read == 1 and "totalCount" in page:
                self.total_count = int(page["totalCount"])
            studies = page.get("studies")
            if not isinstance(studies, list):
                raise ClinicalTrialsError("ClinicalTrials.gov answered a page without 'studies'.")
            yield from studies
            token = page.get("nextPageToken")
            if not token:
                return
            query.pop("countTotal", None)
            query["pageToken"] = token

    # --- HTTP ------------------------------------------------------------------------

    def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        url = f"{self.api_base}{path}"
        last_problem = ""
        for attempt in range(1, self.max_tries + 1):
            retry_after = None
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except requests.Timeout:
                last_problem = f"no answer within {self.timeout:g} s"
            except requests.ConnectionError as error:
                last_problem = f"connection failed ({type(error).__name__})"
            else:
                if response.status_code == 200:
                    try:
                        answer = response.json()
                    except ValueError:
                        raise ClinicalTrialsError(
                            f"ClinicalTrials.gov answered {path} with something that is not JSON."
                        ) from None
                    if not isinstance(answer, dict):
                        raise ClinicalTrialsError(
                            f"ClinicalTrials.gov answered {path} with an unexpected shape."
                        )
                    return answer
                if response.status_code == 429 or response.status_code >= 500:
                    last_problem = f"HTTP {response.status_code}"
                    if response.status_code == 429:
                        retry_after = _retry_after(response.headers.get("Retry-After"))
                else:
                    raise ClinicalTrialsRefused(
                        f"ClinicalTrials.gov refused {path} (HTTP {response.status_code}): "
                        f"{response.text[:300].strip()}"
                    )
            if attempt < self.max_tries:
                self._sleep(self._wait(attempt, retry_after))
        raise ClinicalTrialsUnavailable(
            f"ClinicalTrials.gov {path} failed {self.max_tries} time(s); the last: {last_problem}."
        )

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        backoff = self.retry_base * 2 ** (attempt - 1)
        backoff += backoff * 0.5 * self._jitter()
        if retry_after is not None:
            return min(max(retry_after, backoff), MAX_RETRY_AFTER_SECONDS)
        return min(backoff, MAX_RETRY_AFTER_SECONDS)


def _retry_after(header: str | None) -> float | None:
    """Retry-After in seconds (the header gives seconds or an HTTP date)."""
    if not header:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())


def _timestamp(value: Any) -> datetime.datetime | None:
    """`dataTimestamp` ("2024-05-16T09:00:05"), taken as UTC."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed
