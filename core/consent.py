"""The one store of consent wordings: the words each person agreed to, by version.

A consent record (a petition signature and its updates opt-in, an updates sign-up,
a Gift Aid declaration) points at the `ConsentWording` of the text the person saw,
which the app asks for with `wording_record(purpose, text)`. The wording is found by
its purpose and a digest of the text, so editing a text (on a petition page, or the
constant an app shows by default) starts a new version by itself, with nothing to
bump by hand, and the same text never makes two versions. Text with a placeholder,
such as Gift Aid's charity name, is recorded as the person saw it, filled in.

Wordings are never edited or deleted, and erasing a person keeps them: they are
not personal data, and they are what says what everyone else agreed to.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from .models import ConsentPurpose, ConsentWording
from .page_cache import LOCAL_CACHE

__all__ = [
    "ConsentPurpose",
    "ConsentWording",
    "text_digest",
    "wording_carried",
    "wording_export",
    "wording_record",
]

#: How long a process remembers a wording it has found, so a busy petition does not
#: ask the database on every signature. Wordings never change, so this is safe.
REMEMBER_SECONDS = 3600


def text_digest(text: str) -> str:
    """SHA-256 of the text without surrounding whitespace (what a person saw)."""
    return hashlib.sha256(text.strip().encode()).hexdigest()


def wording_record(purpose: str, text: str) -> ConsentWording:
    """The wording record for `text` shown for `purpose`, stored the first time it is used.

    A new text gets the first 16 characters of its digest as its version label (the
    scheme petition signatures have always used, so their labels stay the same).
    """
    text = text.strip()
    digest = text_digest(text)
    key = f"core:consent:{purpose}:{digest}"
    remembered = caches[LOCAL_CACHE]
    wording = remembered.get(key)
    if wording is None:
        wording, _ = ConsentWording.objects.get_or_create(
            purpose=purpose, digest=digest, defaults={"text": text, "version": digest[:16]}
        )
        # Only once the row is committed: a rolled-back first use must not be remembered.
        transaction.on_commit(lambda: remembered.set(key, wording, REMEMBER_SECONDS))
    return wording


def wording_export(wording: ConsentWording | None) -> dict | None:
    """What a personal-data export says about a wording: its words and version."""
    if wording is None:
        return None
    return {"text": wording.text, "version": wording.version}


def wording_carried(
    model, *, purpose: str, text: str, version: str, first_used_at: datetime | None = None
):
    """For data migrations: the wording an existing consent record is carried to.

    `model` is the historical ConsentWording (`apps.get_model("core", "ConsentWording")`).
    The record's own version label is kept for a wording it is the first to need.
    A record whose text was never kept gets a wording with no text under its label
    (found again by the label), so nothing is invented. The earliest use wins as
    `first_used_at`.
    """
    text = text.strip()
    digest = text_digest(text) if text else f"missing:{version}"[:64]
    first_used_at = first_used_at or timezone.now()
    wording, created = model.objects.get_or_create(
        purpose=purpose,
        digest=digest,
        defaults={"text": text, "version": version[:64], "first_used_at": first_used_at},
    )
    if not created and first_used_at < wording.first_used_at:
        model.objects.filter(pk=wording.pk).update(first_used_at=first_used_at)
    return wording
