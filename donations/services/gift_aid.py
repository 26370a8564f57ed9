"""Gift Aid claims."""

from __future__ import annotations

from django.utils import timezone

from ..models import Payment

# --- Gift Aid claims ---------------------------------------------------------------------


def gift_aid_claim_mark(*, payment_ids: list[int], actor=None) -> int:
    """Record that these payments went into a Gift Aid claim, so no later claim repeats them.

    Only payments that can be claimed and are not claimed yet change; returns how many.
    """
    return (
        Payment.objects.gift_aid_claimable()
        .filter(pk__in=payment_ids, gift_aid_claimed_at__isnull=True)
        .update(
            gift_aid_claimed_at=timezone.now(),
            gift_aid_claimed_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    )
