"""Workflows that change an organisation's listing. Each writes its history row and
schedules its emails after commit; views, forms and the admin call these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from cms import purge
from core.page_cache import clear_page_cache

from . import names, tasks
from .models import PUBLIC_FIELDS, Organisation, OrganisationDecision, Status, SupportersIndexPage


def organisation_find_duplicates(*, name: str, website: str = "", exclude_pk: int | None = None):
    """Listings with the same normalised name or the same website domain."""
    condition = Q(normalised_name=names.normalise_name(name))
    domain = names.website_domain(website)
    if domain:
        condition |= Q(website_domain=domain)
    duplicates = Organisation.objects.filter(condition)
    if exclude_pk:
        duplicates = duplicates.exclude(pk=exclude_pk)
    return duplicates.order_by("pk")


def _unique_slug(name: str) -> str:
    base = slugify(names.fold(name))[:200] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _record(
    organisation: Organisation, *, actor, from_status: str, note: str = ""
) -> OrganisationDecision:
    return OrganisationDecision.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=organisation.status,
        note=note,
    )


def _notify_moderators(decision: OrganisationDecision) -> None:
    """Tell the moderators, after commit, that this step left a listing to review."""
    transaction.on_commit(
        lambda: tasks.notify_moderators_of_registration.enqueue(
            decision.organisation_id, decision.pk
        )
    )


def public_list_purge(*, organisations: Iterable[Organisation] = ()) -> None:
    """Tell the CDN the public list changed (after the commit; nothing without a CDN).

    Every live supporters page goes with its usual views (the first, each letter),
    the views filtered by these organisations' countries and categories, and the
    JSON with the same filters. Other mixes of filters and searches live at most
    PAGE_CACHE_SECONDS (see cms/purge.py).
    """
    if not purge.is_configured():
        return
    filters = set()
    for organisation in organisations:
        if organisation.country:
            filters.add(("country", str(organisation.country)))
        if organisation.category:
            filters.add(("category", organisation.category))
    queries = sorted(urlencode([pair]) for pair in filters)
    pages = list(SupportersIndexPage.objects.live())
    addresses = [page.get_full_url() for page in pages]
    urls = [f"{address}?{query}" for address in addresses if address for query in queries]
    json = reverse("supporters:json")
    purge.purge_pages(
        pages, urls=urls, site_paths=[json, *(f"{json}?{query}" for query in queries)]
    )


def _listing_changed(*organisations: Organisation) -> None:
    """The public list changed: our page cache and the CDN's copies of it go."""
    transaction.on_commit(clear_page_cache)
    public_list_purge(organisations=organisations)


@transaction.atomic
def organisation_create(
    *,
    name: str,
    status: str,
    actor=None,
    owner=None,
    note: str = "",
    notify_moderators: bool = True,
    purge_cdn: bool = True,
    **fields: Any,
) -> Organisation:
    """Create a listing with its first history row, flagging a likely duplicate.

    Moderators hear of each new listing awaiting review, except from a bulk import
    (`notify_moderators=False`), whose summary they already have. A bulk import
    also tells the CDN once for all its rows (`purge_cdn=False` here).
    """
    organisation = Organisation(
        name=name.strip(), slug=_unique_slug(name), status=status, owner=owner, **fields
    )
    organisation.possible_duplicate_of = organisation_find_duplicates(
        name=organisation.name, website=organisation.website
    ).first()
    if organisation.is_public:
        organisation.approved_at = timezone.now()
    organisation.save()
    decision = _record(organisation, actor=actor, from_status="", note=note)
    if notify_moderators and organisation.needs_review:
        _notify_moderators(decision)
    if organisation.is_public:
        transaction.on_commit(clear_page_cache)
        if purge_cdn:
            public_list_purge(organisations=[organisation])
    return organisation


def organisation_register(*, user, email_verified: bool, **fields: Any) -> Organisation:
    """An organisation's contact registers support; review waits for a verified email."""
    status = Status.AWAITING_REVIEW if email_verified else Status.PENDING_VERIFICATION
    # Emails about the listing are later written in the language of the registration.
    fields.setdefault("language", translation.get_language() or settings.LANGUAGE_CODE)
    return organisation_create(
        status=status, actor=user, owner=user, note="Registered by the contact.", **fields
    )


@transaction.atomic
def organisation_email_verified(*, user) -> list[Organisation]:
    """The contact has verified their email: their registrations now wait for review."""
    waiting = list(
        Organisation.objects.select_for_update().filter(
            owner=user, status=Status.PENDING_VERIFICATION
        )
    )
    for organisation in waiting:
        organisation.status = Status.AWAITING_REVIEW
        organisation.save(update_fields=["status", "updated_at"])
        decision = _record(
            organisation,
            actor=user,
            from_status=Status.PENDING_VERIFICATION,
            note="Email verified.",
        )
        _notify_moderators(decision)
    return waiting


@transaction.atomic
def organisation_approve(*, organisation: Organisation, actor, note: str = "") -> Organisation:
    """Put a listing (or its pending changes) on the public list."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    previous = organisation.status
    as_it_was = Organisation(country=organisation.country, category=organisation.category)
    if organisation.pending_changes:
        _apply_public_changes(organisation, organisation.pending_changes)
        organisation.pending_changes = None
        note = note or "Changes approved."
    if previous == Status.APPROVED and not note:
        return organisation  # nothing to decide
    organisation.status = Status.APPROVED
    organisation.approved_at = organisation.approved_at or timezone.now()
    organisation.save()
    decision = _record(organisation, actor=actor, from_status=previous, note=note)
    transaction.on_commit(lambda: tasks.send_decision_email.enqueue(decision.pk))
    _listing_changed(organisation, as_it_was)
    return organisation


@transaction.atomic
def organisation_reject(*, organisation: Organisation, actor, note: str) -> Organisation:
    """Turn a registration down, or turn down the changes to an approved listing (which stays as it was)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    previous, was_public = organisation.status, organisation.is_public
    if organisation.holds_public_changes and organisation.has_pending_changes:
        organisation.pending_changes = None
        note = note or "Changes not accepted."
    else:
        organisation.status = Status.REJECTED
    organisation.save()
    decision = _record(organisation, actor=actor, from_status=previous, note=note)
    transaction.on_commit(lambda: tasks.send_decision_email.enqueue(decision.pk))
    if was_public and not organisation.is_public:
        _listing_changed(organisation)
    return organisation


@transaction.atomic
def organisation_withdraw(*, organisation: Organisation, actor, note: str = "") -> Organisation:
    """The organisation no longer supports the campaign: it leaves the public list at once."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    previous, was_public = organisation.status, organisation.is_public
    if not organisation.can_withdraw:
        return organisation
    organisation.status = Status.WITHDRAWN
    organisation.pending_changes = None
    organisation.save()
    _record(organisation, actor=actor, from_status=previous, note=note or "Support withdrawn.")
    if was_public:
        _listing_changed(organisation)
    return organisation


def _apply_public_changes(organisation: Organisation, changes: dict) -> None:
    for field, value in changes.items():
        if field == "logo":
            organisation.logo_id = value
        else:
            setattr(organisation, field, value)


def _comparable(field: str, value):
    """A public field's value as stored in `pending_changes`: ids and codes, '' for empty."""
    if field == "logo":
        return getattr(value, "pk", value)
    if field == "country":
        return getattr(value, "code", value) or ""
    return value or ""


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor, data: dict[str, Any]) -> Organisation:
    """The contact edits their listing.

    Private fields change at once. Public fields of an approved listing are held
    for review and the public keeps seeing the approved version; a rejected or
    withdrawn listing that is edited goes back to review as a whole.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    public_changes = {}
    for field, value in data.items():
        if field in PUBLIC_FIELDS:
            new = _comparable(field, value)
            if new != _comparable(field, getattr(organisation, field)):
                public_changes[field] = new
        else:
            setattr(organisation, field, value)

    previous = organisation.status
    if public_changes and organisation.holds_public_changes:
        organisation.pending_changes = {**(organisation.pending_changes or {}), **public_changes}
        organisation.save()
        decision = _record(
            organisation, actor=actor, from_status=previous, note="Changes submitted for review."
        )
        _notify_moderators(decision)
        return organisation

    _apply_public_changes(organisation, public_changes)
    if public_changes and organisation.edit_sends_back_to_review:
        organisation.status = Status.AWAITING_REVIEW
        organisation.save()
        decision = _record(
            organisation,
            actor=actor,
            from_status=previous,
            note="Edited and sent for review again.",
        )
        _notify_moderators(decision)
    else:
        organisation.save()
    return organisation


def organisation_names_by_share_code(*, codes: Iterable[str] | None = None) -> dict[str, str]:
    """{referral code: organisation name} for the organisations' own links (every status:
    a withdrawn organisation still brought what it brought). One query; `codes` narrows it."""
    organisations = Organisation.objects.exclude(share_code="")
    if codes is not None:
        organisations = organisations.filter(share_code__in=list(codes))
    return dict(organisations.order_by("name").values_list("share_code", "name"))


def organisations_to_link():
    """The organisations a trials sponsor may be linked to (every listing, A-Z).

    Only approved ones are ever shown in public with their record, so linking one
    still awaiting review shows nothing until it is approved.
    """
    return Organisation.objects.order_by("sort_name", "pk")
