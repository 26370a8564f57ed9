"""The one place that talks to Mailchimp (through the official `mailchimp-marketing` SDK).

A `MailchimpGateway` is built per use from settings by `mailchimp_gateway()`, which
returns None when Mailchimp is not configured, so callers can keep sign-ups local.

Every call:
- holds one of `MAILCHIMP_MAX_CONNECTIONS` slots (default 5; Mailchimp allows 10
  per key) taken from the shared cache, so all web and worker processes together
  never open more than that many connections at once. Slots are leases: a process
  killed mid-call frees its slot when the lease runs out. A task never waits for a
  slot: when every one is taken the call fails at once as temporary, and the task
  schedules its retry. Only commands run by hand (`mailchimp_sync`) wait for one.
- gives up after `MAILCHIMP_TIMEOUT` seconds.
- turns the SDK's single `ApiClientError` into `MailchimpTemporaryError` (timeouts,
  connection errors, 429 and 5xx: worth retrying) or `MailchimpPermanentError`
  (Mailchimp refused the request itself: retrying the same request cannot help),
  carrying Mailchimp's own title and detail for editors to read.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from .models import subscriber_hash

SLOT_KEY = "mailchimp:connection-slot:{}"
# The title of Mailchimp's problem document for a 404 (of any resource).
NOT_FOUND_TITLE = "Resource Not Found"
# How often a caller willing to wait (a command, never a task) looks again for a free slot.
SLOT_POLL_SECONDS = 0.02


class MailchimpError(Exception):
    """Mailchimp did not do what we asked."""

    def __init__(
        self, message: str, *, status: int | None = None, title: str = "", detail: str = ""
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.title = title
        self.detail = detail


class MailchimpTemporaryError(MailchimpError):
    """Timeout, lost connection, rate limit (429) or a server error (5xx): try again later."""


class MailchimpPermanentError(MailchimpError):
    """Mailchimp refused the request (400 "Invalid Resource", "Forgotten Email Not
    Subscribed", "Member In Compliance State", a wrong key or list, ...)."""


@dataclass(frozen=True)
class BatchOutcome:
    """Mailchimp's answer to a batch subscribe: counts, and one error per refused member."""

    created: list[str]
    updated: list[str]
    errors: list[dict[str, str]]


# Mailchimp's language codes are ISO 639-1 ("es", "de", "en"), with a few regional
# variants of their own spelling; everything else is its first part.
MAILCHIMP_REGIONAL_LANGUAGES = {"es-es": "es_ES", "fr-ca": "fr_CA", "pt-pt": "pt_PT"}


def member_language(language: str) -> str:
    """A Django language code ("en-gb", "es") as Mailchimp's member `language` ("en", "es")."""
    language = language.lower()
    return MAILCHIMP_REGIONAL_LANGUAGES.get(language) or language.split("-", 1)[0]


def is_configured() -> bool:
    return bool(settings.MAILCHIMP_API_KEY and settings.MAILCHIMP_LIST_ID)


def server_prefix(api_key: str) -> str:
    """The data centre ("us21") is the part of the key after its last dash."""
    if settings.MAILCHIMP_SERVER_PREFIX:
        return settings.MAILCHIMP_SERVER_PREFIX
    return api_key.rsplit("-", 1)[-1] if "-" in api_key else ""


def mailchimp_gateway(*, slot_wait: float = 0.0) -> MailchimpGateway | None:
    """A gateway for the configured audience, or None when Mailchimp is not configured.

    `slot_wait`: how long a call may wait for a free connection slot; none for tasks
    (the default), which reschedule instead."""
    if not is_configured():
        return None
    return MailchimpGateway(
        api_key=settings.MAILCHIMP_API_KEY,
        list_id=settings.MAILCHIMP_LIST_ID,
        timeout=settings.MAILCHIMP_TIMEOUT,
        api_base=settings.MAILCHIMP_API_BASE,
        slot_wait=slot_wait,
    )


@contextlib.contextmanager
def connection_slot(*, limit: int | None = None, wait: float = 0.0) -> Iterator[None]:
    """Hold one of `limit` shared connection slots for the duration of one call.

    `cache.add` is atomic in Redis, Memcached, the database cache and local memory,
    so two processes can never take the same slot. A slot is a lease of the call's
    timeout plus a margin: it frees itself if its holder dies. When every slot is
    taken (for `wait` seconds, by default not at all) the call counts as a temporary
    failure and is retried like any other: a task must not sit waiting behind
    Mailchimp for a slot any more than for an answer.
    """
    limit = limit or settings.MAILCHIMP_MAX_CONNECTIONS
    lease = int(settings.MAILCHIMP_TIMEOUT) + 10
    token = uuid.uuid4().hex
    deadline = time.monotonic() + wait
    while (taken := _slot_take(limit, token, lease)) is None:
        if time.monotonic() >= deadline:
            waited = f" for {wait:g} seconds" if wait else ""
            raise MailchimpTemporaryError(f"All {limit} Mailchimp connections were busy{waited}.")
        time.sleep(SLOT_POLL_SECONDS)
    try:
        yield
    finally:
        # Only free our own lease (it may have expired and been taken by someone else).
        if cache.get(taken) == token:
            cache.delete(taken)


def _slot_take(limit: int, token: str, lease: int) -> str | None:
    """One pass over the slots; the key of the one taken, or None if all are busy."""
    # Start at a random slot so callers do not all race for slot 0.
    start = random.randrange(limit)  # noqa: S311
    for offset in range(limit):
        key = SLOT_KEY.format((start + offset) % limit)
        if cache.add(key, token, timeout=lease):
            return key
    return None


def _error_from(status: int | None, text: Any) -> MailchimpError:
    """Classify a failed call by its HTTP status and Mailchimp's problem body."""
    body: dict[str, Any] = {}
    if isinstance(text, dict):
        body = text
    elif isinstance(text, str):
        with contextlib.suppress(ValueError):
            parsed = json.loads(text)
            body = parsed if isinstance(parsed, dict) else {}
    title = str(body.get("title", "")).strip()
    detail = str(body.get("detail", "")).strip()
    if status is None:
        # The SDK wraps requests' own exceptions (timeouts, refused connections) with no status.
        return MailchimpTemporaryError(f"No answer from Mailchimp: {text}")
    message = ": ".join(part for part in (title, detail) if part) or f"HTTP {status}"
    if status == 429 or status >= 500:
        return MailchimpTemporaryError(message, status=status, title=title, detail=detail)
    return MailchimpPermanentError(message, status=status, title=title, detail=detail)


def _names_the_member(detail: str) -> bool:
    """Whether a "Resource Not Found" detail says it is the member that is missing."""
    return bool(re.search(r"\b(member|contact|subscriber)\b", detail, re.IGNORECASE))


class MailchimpGateway:
    """The few Mailchimp calls the campaign uses, on one audience (list)."""

    def __init__(
        self,
        *,
        api_key: str,
        list_id: str,
        timeout: float,
        api_base: str = "",
        slot_wait: float = 0.0,
    ):
        import mailchimp_marketing

        self.list_id = list_id
        self.slot_wait = slot_wait
        self.client = mailchimp_marketing.Client()
        self.client.set_config(
            {"api_key": api_key, "server": server_prefix(api_key), "timeout": timeout}
        )
        if api_base:
            # A fake Mailchimp in tests and benchmarks (http://127.0.0.1:<port>/3.0).
            self.client.api_client.host = api_base.rstrip("/")

    def _call(self, method, *args, **kwargs):
        from mailchimp_marketing.api_client import ApiClientError

        with connection_slot(wait=self.slot_wait):
            try:
                result = method(*args, **kwargs)
            except ApiClientError as exc:
                raise _error_from(exc.status_code, exc.text) from None
        # The SDK returns the raw response, without raising, when the body is empty;
        # an empty error answer (a bare 502 from a proxy) must still count as an error.
        status = getattr(result, "status_code", None)
        if status is not None and status >= 400:
            raise _error_from(status, result.text)
        return result

    def member_upsert(self, *, email: str, body: dict[str, Any]) -> dict[str, Any]:
        """PUT /lists/{list_id}/members/{hash}: add the member, or update the one there."""
        return self._call(
            self.client.lists.set_list_member, self.list_id, subscriber_hash(email), body
        )

    def member_tags_add(self, *, email: str, tags: list[str]) -> None:
        """POST /lists/{list_id}/members/{hash}/tags, without triggering automations."""
        body = {"tags": [{"name": tag, "status": "active"} for tag in tags], "is_syncing": True}
        self._call(
            self.client.lists.update_list_member_tags, self.list_id, subscriber_hash(email), body
        )

    def members_batch(
        self, *, members: list[dict[str, Any]], update_existing: bool = False
    ) -> BatchOutcome:
        """POST /lists/{list_id}: add (or update) up to 500 members in one call."""
        if len(members) > 500:
            raise ValueError("Mailchimp takes at most 500 members per batch.")
        answer = self._call(
            self.client.lists.batch_list_members,
            self.list_id,
            {"members": members, "update_existing": update_existing},
        )
        return BatchOutcome(
            created=[m.get("email_address", "") for m in answer.get("new_members", [])],
            updated=[m.get("email_address", "") for m in answer.get("updated_members", [])],
            errors=[
                {
                    "email_address": e.get("email_address", ""),
                    "error": e.get("error", ""),
                    "error_code": e.get("error_code", ""),
                }
                for e in answer.get("errors", [])
            ],
        )

    def member_delete_permanently(self, *, member_hash: str) -> bool:
        """POST /lists/{list_id}/members/{hash}/actions/delete-permanent (cannot be undone).

        True when Mailchimp deleted the member, False when it has no such member (never
        sent, or deleted already): either way the member is gone. Anything else raises,
        including a 404 that may not be about the member. Mailchimp's problem document
        for a missing member ("Resource Not Found: The requested resource could not be
        found.") is word for word the one it gives for a wrong list id or a wrong path,
        so unless the detail names the member, one more call asks whether the audience
        itself exists: only then was the 404 about the member.
        """
        try:
            self._call(self.client.lists.delete_list_member_permanent, self.list_id, member_hash)
        except MailchimpPermanentError as exc:
            if exc.status != 404 or exc.title != NOT_FOUND_TITLE:
                raise  # a refusal, or a 404 page from something in front of Mailchimp
            if not _names_the_member(exc.detail):
                self._audience_exists(exc)
            return False
        return True

    def _audience_exists(self, member_not_found: MailchimpPermanentError) -> None:
        """GET /lists/{list_id} (its id only); raises unless the audience is there."""
        try:
            self._call(self.client.lists.get_list, self.list_id, fields=["id"])
        except MailchimpPermanentError as exc:
            if exc.status == 404:
                raise MailchimpPermanentError(
                    f"{member_not_found.message} (the audience {self.list_id!r} was not found "
                    "either: check MAILCHIMP_LIST_ID and MAILCHIMP_API_BASE)",
                    status=404,
                    title=exc.title,
                    detail=exc.detail,
                ) from None
            raise

    def members_page(self, *, offset: int, count: int = 1000) -> tuple[list[dict], int]:
        """One page of the audience (email, status), and the audience's size."""
        answer = self._call(
            self.client.lists.get_list_members_info,
            self.list_id,
            count=count,
            offset=offset,
            fields=["members.email_address", "members.status", "total_items"],
        )
        return answer.get("members", []), int(answer.get("total_items", 0))

    def interest_categories(self) -> list[dict[str, Any]]:
        """The audience's groups with their options' ids, for editors mapping interests."""
        categories = self._call(
            self.client.lists.get_list_interest_categories, self.list_id, count=100
        )
        found = []
        for category in categories.get("categories", []):
            options = self._call(
                self.client.lists.list_interest_category_interests,
                self.list_id,
                category["id"],
                count=100,
            )
            found.append(
                {
                    "title": category.get("title", ""),
                    "interests": [
                        {"id": option["id"], "name": option.get("name", "")}
                        for option in options.get("interests", [])
                    ],
                }
            )
        return found
