"""Workflows that change signatures. Views, the admin and commands call these.

Each writes its own rows in one transaction and schedules what is slow (emails,
count refreshes, the hand-over to the updates list) after commit. Signing never
writes to the petition: see counts.py.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from core.attribution import FIELDS as ATTRIBUTION_FIELDS
from core.attribution import attribution_clean, clean_code, new_share_code
from core.consent import ConsentPurpose, wording_record
from core.signing import LinkInvalid
from core.tasks import insert_with_task
from updates import services as updates_services

from . import abuse, emails, tasks
from .counts import petition_count_changed
from .models import CONFIRMATION_LINK, PetitionPage, Signature, Status

logger = logging.getLogger(__name__)


class Outcome(enum.Enum):
    """What happened to a signing attempt. The signer sees the same page for each."""

    SIGNED = "signed"
    FLAGGED = "flagged"  # stored, emailed, not counted until an editor accepts it
    HELD = "held"  # stored, not counted and not emailed until an editor accepts it
    DUPLICATE = "duplicate"
    DROPPED = "dropped"  # refused by the ceiling: stored nowhere


@dataclass(frozen=True)
class SigningResult:
    outcome: Outcome
    signature: Signature | None = None


class PetitionClosed(Exception):
    """Signing was attempted outside the petition's opening times."""


def signing_language(language: str) -> str:
    """`language` if the site offers it (LANGUAGES), else the default language."""
    offered = {code for code, _ in settings.LANGUAGES}
    language = (language or "").lower()
    return language if language in offered else settings.LANGUAGE_CODE


def _count_changed(petition_id: int) -> None:
    transaction.on_commit(lambda: petition_count_changed(petition_id))


def signature_create(
    *,
    petition: PetitionPage,
    name: str,
    email: str,
    country: str = "",
    postcode: str = "",
    comment: str = "",
    show_name: bool = False,
    wants_updates: bool = False,
    ip: str,
    source_url: str = "",
    attribution: Mapping[str, str] | None = None,
    share_code: str = "",
    language: str = "",
) -> SigningResult:
    """Store a pending signature and send its confirmation email.

    One person signs once per petition: a second attempt with the same address
    (however it is written) stores nothing and emails the address instead, so the
    page a signer sees never reveals who has signed. A flood from one address or
    domain is stored flagged (held out of the count, emailed as usual); past the
    per-address or per-email limit a signature is stored flagged and its email
    held until an editor accepts it; only past the ceiling is an attempt refused
    (see abuse.py).

    `attribution` is where the signer came from (core/attribution.py: campaign tags and
    the referral code of the link they followed), cleaned here again. `share_code` is
    the code for the signer's own shared links: the view makes it before signing, so
    that a new and a repeated signer are shown a fresh code alike (a repeat's code is
    stored nowhere, and reveals nothing).

    `petition` is the page the signer saw, in any language: the signature belongs to
    the petition every translation signs (`PetitionPage.petition_for_signatures`), so
    one address signs once in all languages and every signature is in one count. It
    records `language` (one of LANGUAGES, else the default) and the consent wording
    as that page showed it, in that language.
    """
    shown, petition = petition, petition.petition_for_signatures()
    if not petition.is_open():
        raise PetitionClosed(petition.state())
    key = emails.email_key(email)
    domain = emails.email_domain(email)
    screening = abuse.screen_signing(ip=ip, email_key=key, email_domain=domain)
    if screening.verdict is abuse.Verdict.REFUSE:
        # Counted for the dashboard (abuse.refusal_record); a log line each would flood the logs.
        logger.debug("Petition %s: signing attempt refused (%s)", petition.pk, screening.reason)
        return SigningResult(Outcome.DROPPED)

    now = timezone.now()
    held = screening.verdict is abuse.Verdict.HOLD
    flagged = held or screening.verdict is abuse.Verdict.FLAG
    signature = Signature(
        petition=petition,
        name=name.strip(),
        email=email.strip(),
        email_key=key,
        email_domain=domain,
        country=country if shown.ask_country else "",
        postcode=postcode.strip() if shown.ask_postcode else "",
        comment=comment.strip() if shown.ask_comment else "",
        show_name=show_name,
        wants_updates=wants_updates,
        flagged=flagged,
        flag_reason=screening.reason if flagged else "",
        confirmation_held=held,
        created_at=now,
        ip_hash=abuse.ip_hash(ip),
        consent=wording_record(ConsentPurpose.PETITION_SIGNATURE, shown.consent_text),
        consent_given_at=now,
        source_url=source_url[:500],
        language=signing_language(language),
        share_code=clean_code(share_code) or new_share_code(),
        **attribution_clean(attribution or {}),
        updates_consent=(
            wording_record(ConsentPurpose.PETITION_UPDATES, shown.updates_text)
            if wants_updates
            else None
        ),
    )
    try:
        if held:
            with transaction.atomic():
                signature.save(force_insert=True)
        else:  # no signature without its confirmation email, nor an email without it
            insert_with_task(signature, tasks.send_confirmation_email)
    except IntegrityError:
        existing = Signature.objects.filter(petition=petition, email_key=key).first()
        if existing is None:  # pragma: no cover - an integrity error of another kind
            raise
        if not held:  # past a limit, an attempt sends nobody anything
            notice = tasks.new_nonce()  # this attempt's own email, however often its task runs
            transaction.on_commit(
                lambda: tasks.send_already_signed_email.enqueue(
                    existing.pk, notice, signature.language
                )
            )
        return SigningResult(Outcome.DUPLICATE, existing)

    if signature.is_counted(include_pending=petition.counts_pending):
        _count_changed(petition.pk)
    if held:
        return SigningResult(Outcome.HELD, signature)
    return SigningResult(Outcome.FLAGGED if flagged else Outcome.SIGNED, signature)


def _signature_named_by(payload) -> Signature | None:
    """The live signature a confirmation link's payload names, or None.

    The payload is [signature id, address digest] (Signature.confirmation_token); a
    signature that is gone, erased, or now has another address is named by nothing.
    """
    if not isinstance(payload, list) or len(payload) != 2:
        return None
    signature_id, digest = payload
    if not isinstance(signature_id, int) or not isinstance(digest, str):
        return None
    signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
    if signature is None or signature.is_erased or signature.address_digest != digest:
        return None
    return signature


def signature_from_token(token: str) -> Signature:
    """The signature a confirmation link names.

    Raises core.signing.LinkExpired for an old link and LinkInvalid for an altered
    one, one made for another purpose, or one whose signature is gone or erased.
    """
    signature = _signature_named_by(CONFIRMATION_LINK.read(token))
    if signature is None:
        raise LinkInvalid("no such signature")
    return signature


def signature_named_by_expired_token(token: str) -> Signature | None:
    """The signature a genuine but expired link names, to offer it a fresh link."""
    return _signature_named_by(CONFIRMATION_LINK.read_expired(token))


@transaction.atomic
def signature_confirm(*, signature: Signature) -> bool:
    """Confirm a pending signature. Returns False, changing nothing, if it was not pending
    (already confirmed, or invalidated by an editor)."""
    now = timezone.now()
    changed = Signature.objects.filter(pk=signature.pk, status=Status.PENDING).update(
        status=Status.CONFIRMED, confirmed_at=now
    )
    if not changed:
        signature.refresh_from_db()
        return False
    include_pending = signature.petition.counts_pending
    counted_before = signature.is_counted(include_pending=include_pending)
    signature.status, signature.confirmed_at = Status.CONFIRMED, now
    if signature.is_counted(include_pending=include_pending) and not counted_before:
        _count_changed(signature.petition_id)
    if signature.wants_updates:
        _hand_to_updates(signature)
    return True


def _hand_to_updates(signature: Signature) -> None:
    """A confirmed signer who asked for campaign updates joins the updates list, with
    the consent they gave on the petition (through the updates app's service)."""
    names = signature.name.split()
    try:
        with transaction.atomic():
            updates_services.subscriber_signup(
                email=signature.email,
                first_name=names[0] if names else "",
                country=str(signature.country or ""),
                consent=signature.updates_consent
                or wording_record(ConsentPurpose.PETITION_UPDATES, signature.petition.updates_text),
                consented_at=signature.consent_given_at,
                source=f"petition:{signature.petition.slug}",
                source_url=signature.source_url,
                attribution={field: getattr(signature, field) for field in ATTRIBUTION_FIELDS},
                language=signature.language,
            )
    except ValidationError as error:
        # The signature stands even if the updates list will not take the address.
        logger.warning("Signature %s not handed to updates: %s", signature.pk, error)


def signature_resend_confirmation(*, petition: PetitionPage, email: str, ip: str) -> None:
    """Send the confirmation link again, if this address has a pending signature.

    Says nothing either way (the page is the same), and counts on signing's own
    per-email and per-address counters. A signature whose confirmation is held for
    review gets nothing: its link waits for the editor.
    """
    key = emails.email_key(email)
    if not abuse.allow_resend(ip=ip, email_key=key):
        return
    signature = (
        Signature.objects.may_get_link()
        .filter(petition=petition.petition_for_signatures(), email_key=key)
        .first()
    )
    if signature is not None:
        purpose = f"resend:{tasks.new_nonce()}"  # this request's own email
        transaction.on_commit(lambda: tasks.send_confirmation_email.enqueue(signature.pk, purpose))


def _review(signatures, *, actor, **changes) -> int:
    petition_ids = set(signatures.order_by().values_list("petition_id", flat=True).distinct())
    reviewer = actor if getattr(actor, "is_authenticated", False) else None
    changed = signatures.update(reviewed_at=timezone.now(), reviewed_by=reviewer, **changes)
    for petition_id in petition_ids:
        _count_changed(petition_id)
    return changed


@transaction.atomic
def signatures_invalidate(*, signatures, actor=None) -> int:
    """Invalidate signatures (a flood, a bot): they stop counting and cannot be confirmed."""
    return _review(signatures.not_invalid(), actor=actor, status=Status.INVALID)


@transaction.atomic
def signatures_clear_flag(*, signatures, actor=None) -> int:
    """Accept flagged signatures after review: they count like any other, and those whose
    confirmation email was held get it now (once each, by a task after commit)."""
    accepted = signatures.awaiting_review()
    releases = accepted.confirmation_withheld().exists()
    changed = _review(accepted, actor=actor, flagged=False)
    if releases:
        transaction.on_commit(lambda: tasks.send_accepted_confirmations.enqueue())
    return changed


def signatures_expire_unconfirmed(*, days: int | None = None) -> int:
    """Delete signatures left unconfirmed for `days` (PETITION_UNCONFIRMED_DAYS).

    A signature held for review and accepted has the whole time from its acceptance
    (when its link went out); one still held after that many days is deleted too, so
    unconfirmed details never stay longer than that without someone acting.
    """
    days = settings.PETITION_UNCONFIRMED_DAYS if days is None else days
    cutoff = timezone.now() - timezone.timedelta(days=days)
    deleted = 0
    while True:
        with transaction.atomic():
            batch = list(
                Signature.objects.pending()
                .filter(created_at__lt=cutoff)
                .exclude(reviewed_at__gte=cutoff)
                .values_list("pk", "petition_id")[:5000]
            )
            if not batch:
                break
            Signature.objects.filter(pk__in=[pk for pk, _ in batch]).delete()
            for petition_id in {petition_id for _, petition_id in batch}:
                _count_changed(petition_id)
        deleted += len(batch)
    return deleted


# --- Referrals (for the supporters app's account area, through this module) -----------


def petitions_to_share() -> list[PetitionPage]:
    """The live petitions open for signing, newest first: what a referral link points to.

    One page per petition: its translation in the active language where there is one
    (an organisation reading its account in Spanish shares the Spanish page), else the
    first page of its translations, the one signatures belong to.
    """
    from wagtail.models import Locale

    active = Locale.get_active()
    chosen: dict = {}
    for petition in PetitionPage.objects.live().order_by("pk"):
        if petition.translation_key not in chosen or petition.locale_id == active.pk:
            chosen[petition.translation_key] = petition
    newest_first = sorted(chosen.values(), key=lambda page: page.first_published_at, reverse=True)
    return [petition for petition in newest_first if petition.is_open()]


def referral_counts(*, codes: Iterable[str]) -> dict[str, int]:
    """How many counted signatures (on any petition) came through each referral code.

    Counted as the public count is (`SignatureQuerySet.counted`): confirmed and not
    held for review. One query, whatever the number of codes.
    """
    codes = [code for code in codes if code]
    if not codes:
        return {}
    rows = (
        Signature.objects.counted()
        .filter(referral_code__in=codes)
        .order_by()
        .values("referral_code")
        .annotate(n=Count("id"))
    )
    found = {row["referral_code"]: row["n"] for row in rows}
    return {code: found.get(code, 0) for code in codes}
