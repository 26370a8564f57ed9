"""The petition report's "where signatures came from" section: by campaign source, by
campaign, by referring organisation, and the top referrers (core/attribution.py).

Five queries whatever the number of signatures or codes; organisations' names come
through `supporters.services`.
"""

from __future__ import annotations

from django.db.models import Count, Q

from supporters import services as supporters_services

from ..models import PetitionPage, Signature

ROWS = 20
TOP_REFERRERS = 10


def _grouped(signatures, field: str, *, limit: int | None = ROWS) -> list[dict]:
    counted = Signature.objects.counted_q()
    rows = (
        signatures.order_by()
        .values(field)
        .annotate(received=Count("id"), counted=Count("id", filter=counted))
        .order_by("-counted", "-received", field)
    )
    return list(rows[:limit] if limit else rows)


def attribution_context(petition: PetitionPage) -> dict:
    """The figures for templates/petitions/admin/attribution.html."""
    signatures = Signature.objects.filter(petition=petition)
    counted = Signature.objects.counted_q()
    referred = ~Q(referral_code="")
    totals = signatures.aggregate(
        tagged=Count("id", filter=~Q(utm_source="") | ~Q(utm_campaign="")),
        referred=Count("id", filter=referred),
        referred_counted=Count("id", filter=referred & counted),
    )
    organisations = supporters_services.organisation_names_by_share_code()
    by_organisation = [
        {**row, "name": organisations[row["referral_code"]]}
        for row in _grouped(
            signatures.filter(referral_code__in=list(organisations)), "referral_code", limit=None
        )
    ]
    top = [
        {
            **row,
            "name": organisations.get(row["referral_code"], ""),
            "kind": "organisation" if row["referral_code"] in organisations else "signer",
        }
        for row in _grouped(signatures.filter(referred), "referral_code", limit=TOP_REFERRERS)
    ]
    return {
        "attribution_totals": totals,
        "by_source": _grouped(signatures, "utm_source"),
        "by_campaign": _grouped(signatures, "utm_campaign"),
        "by_organisation": by_organisation,
        "top_referrers": top,
    }
