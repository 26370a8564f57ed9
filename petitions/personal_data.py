"""The petitions app's share of a personal-data request (see core/personal_data.py).

A signature is found by the address it was signed with, whatever its case (the rule
in core/identity.py): a request for `Ann@Example.org` covers `ann@example.org`, and
not `ann+petition@example.org`, which may be someone else's mailbox. Erasing blanks the person (name, email,
postcode, comment, address hash) but keeps the row with its status and country,
so every petition's count, and its count by country, stay exactly as they were.
Signatures imported from before this site (petitions/imports.py) are found, exported
(saying they were imported, from which source and when) and erased the same way;
rows of an import still under way, staged and not yet imported, are exported as
waiting and removed from the staged file, so the import cannot bring them back.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.consent import wording_export
from core.identity import email_match_key, matching_email

from .counts import petition_count_changed
from .emails import email_key
from .imports import COLUMNS
from .models import Signature, SignatureImport, SignatureImportChunk

EMAIL_CELL = COLUMNS.index("email")


def _signatures(email: str):
    # email_key (indexed) narrows to the signatures that could match: two addresses equal
    # but for case have the same key. matching_email then keeps only this person's.
    candidates = Signature.objects.filter(email_key=email_key(email), erased_at__isnull=True)
    return matching_email(candidates, "email", email=email)


def _staged(email: str, *, lock: bool = False):
    """(chunk, rows of this person, the other rows) of every import still under way.

    Staged rows are few (only imports in progress keep any) and are read in Python,
    the identity rule applied to their email cell.
    """
    key = email_match_key(email)
    if not key:
        return
    chunks = SignatureImportChunk.objects.select_related("batch__petition").order_by("pk")
    if lock:  # waits for a chunk being imported: its rows are then signatures
        chunks = chunks.select_for_update(of=("self",))
    for chunk in chunks:
        mine = [row for row in chunk.rows if email_match_key(row[1][EMAIL_CELL]) == key]
        if mine:
            yield chunk, mine, [row for row in chunk.rows if row not in mine]


def _export_staged(email: str) -> list[dict]:
    return [
        {
            "petition": chunk.batch.petition.title,
            **dict(zip(COLUMNS, cells, strict=True)),
            "status": "Waiting to be imported",
            "imported": True,
            "imported_from": {
                "source": chunk.batch.source,
                "imported_at": chunk.batch.created_at,
            },
        }
        for chunk, mine, _others in _staged(email)
        for _line, cells in mine
    ]


def export_signatures(email: str) -> list[dict]:
    signatures = list(
        _signatures(email).select_related("petition", "consent", "updates_consent", "imported_from")
    )
    return [
        {
            "petition": signature.petition.title,
            "name": signature.name,
            "email": signature.email,
            "country": str(signature.country.name) if signature.country else "",
            "postcode": signature.postcode,
            "comment": signature.comment,
            "show_name_publicly": signature.show_name,
            "wants_updates": signature.wants_updates,
            "status": signature.get_status_display(),
            "signed_at": signature.created_at,
            "confirmed_at": signature.confirmed_at,
            "language": signature.language,
            "consent": {
                **wording_export(signature.consent),
                "given_at": signature.consent_given_at,
                "page": signature.source_url,
            },
            "updates_consent": wording_export(signature.updates_consent),
            "imported": signature.is_imported,
            "imported_from": (
                {
                    "source": signature.imported_from.source,
                    "imported_at": signature.imported_from.created_at,
                }
                if signature.is_imported
                else None
            ),
            "came_from": signature.attribution_export(),
            "own_referral_code": signature.share_code,
        }
        for signature in signatures
    ] + _export_staged(email)


def _erase_staged(email: str) -> int:
    removed = 0
    for chunk, mine, others in _staged(email, lock=True):
        SignatureImportChunk.objects.filter(pk=chunk.pk).update(rows=others)
        SignatureImport.objects.filter(pk=chunk.batch_id).update(rows=F("rows") - len(mine))
        removed += len(mine)
    return removed


@transaction.atomic
def erase_signatures(email: str) -> str:
    # Staged rows first: a chunk being imported meanwhile is waited for, and its rows
    # are then among the signatures below.
    staged = _erase_staged(email)
    signatures = list(_signatures(email).select_for_update().only("pk", "petition_id"))
    now = timezone.now()
    for signature in signatures:
        # The unique (petition, email_key) needs a distinct placeholder per row.
        Signature.objects.filter(pk=signature.pk).update(
            name="",
            email="",
            email_key=f"erased:{signature.pk}",
            email_domain="",
            postcode="",
            comment="",
            ip_hash="",
            source_url="",
            share_code="",
            **Signature.attribution_erased(),
            show_name=False,
            erased_at=now,
        )
    for petition_id in {signature.petition_id for signature in signatures}:
        transaction.on_commit(lambda pk=petition_id: petition_count_changed(pk))
    waiting = (
        f" {staged} row(s) of an import under way removed before they were imported."
        if staged
        else ""
    )
    if not signatures:
        return f"No petition signatures.{waiting}"
    return (
        f"{len(signatures)} petition signature(s) anonymised: name, email, postcode, comment, "
        "address hash and where they came from (campaign tags, referral codes) removed. "
        f"They still count towards each petition's total.{waiting}"
    )
