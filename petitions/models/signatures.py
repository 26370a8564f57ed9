"""Signatures, the consent each one records, and the stored count derived from them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.attribution import Attribution, new_share_code
from core.signing import SignedLink

# The link in a confirmation email. Its salt and its payload, [signature id, address
# digest], are those of every link already emailed: changing either breaks them all.
CONFIRMATION_LINK = SignedLink(
    salt="petitions.signature-confirm", max_age_setting="PETITION_CONFIRM_LINK_DAYS"
)


class Status(models.TextChoices):
    # Signers read these in their personal-data export, in their language.
    PENDING = "pending", _("Waiting for email confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    INVALID = "invalid", _("Invalidated by an editor")


def counted_statuses(*, include_pending: bool = False) -> list[str]:
    """Which statuses a count is made of: confirmed, and pending too on a petition set
    to show all signatures (`PetitionPage.counts_pending`)."""
    return [Status.CONFIRMED, Status.PENDING] if include_pending else [Status.CONFIRMED]


class SignatureQuerySet(models.QuerySet):
    """Every signature, whatever its state; ask for the subset you mean.

    The rules about which signatures count, which wait for an editor and which may
    be sent a confirmation link live here (and on `Signature` for one row in hand),
    once: the public count, the admin's figures and the bulk decisions all call
    them. Each rule also comes as a `Q` (`counted_q`, `awaiting_review_q`, ...) for
    a `Count(..., filter=...)` that works out several figures in one query.
    """

    def confirmed(self):
        return self.filter(status=Status.CONFIRMED)

    def pending(self):
        return self.filter(status=Status.PENDING)

    @staticmethod
    def counted_q(*, include_pending: bool = False, include_imported: bool = True) -> models.Q:
        """The signatures a petition's count is made of.

        Flagged signatures (a flood from one address or domain) are held back until an
        editor clears them; invalidated ones never count. Pending ones count only on a
        petition set to show all signatures. An erased signature still counts: erasure
        blanks the person, not the fact that they signed. Imported ones (collected
        before this site) count unless the petition leaves earlier signatures out
        (`PetitionPage.include_earlier_signatures`).
        """
        q = models.Q(status__in=counted_statuses(include_pending=include_pending), flagged=False)
        if not include_imported:
            q &= models.Q(imported_from__isnull=True)
        return q

    def counted(self, *, include_pending: bool = False, include_imported: bool = True):
        """The signatures a petition's count is made of (see `counted_q`)."""
        return self.filter(
            self.counted_q(include_pending=include_pending, include_imported=include_imported)
        )

    def imported(self):
        """Signatures collected before this site and imported from a CSV."""
        return self.filter(imported_from__isnull=False)

    def not_imported(self):
        return self.filter(imported_from__isnull=True)

    @staticmethod
    def awaiting_review_q() -> models.Q:
        """Flagged signatures no editor has decided on yet.

        Flagging holds a signature out of the count (see abuse.py); an editor either
        accepts it (the flag is cleared) or invalidates it (the flag stays, but the
        signature is out for good). So "awaiting review" is flagged and not invalid.
        """
        return models.Q(flagged=True) & ~models.Q(status=Status.INVALID)

    def awaiting_review(self):
        """Flagged and not yet decided (see `awaiting_review_q`): what an editor may accept."""
        return self.filter(self.awaiting_review_q())

    def not_awaiting_review(self):
        return self.exclude(self.awaiting_review_q())

    def not_invalid(self):
        """What an editor may still invalidate: anything not invalidated already."""
        return self.exclude(status=Status.INVALID)

    @staticmethod
    def confirmation_withheld_q() -> models.Q:
        """Pending signatures signed past a per-address or per-email limit whose
        confirmation link has not gone out: it goes out once an editor accepts them."""
        return models.Q(confirmation_held=True, status=Status.PENDING)

    def confirmation_withheld(self):
        return self.filter(self.confirmation_withheld_q())

    def confirmation_due(self):
        """Accepted from review after being held, still pending, and never sent their
        first confirmation link: the rows `tasks.send_accepted_confirmations` works on."""
        return self.confirmation_withheld().filter(flagged=False)

    def may_get_link(self):
        """Pending signatures whose confirmation link may be sent (again): not held
        for an editor's review."""
        return self.pending().filter(confirmation_held=False)

    def publicly_named(self):
        """Confirmed, unflagged signers who asked for their name to be shown."""
        return self.counted().filter(show_name=True).exclude(name="")


class Signature(Attribution):
    """One person's signature on one petition.

    A signature is stored *pending* and counts (on a petition showing confirmed
    signatures only) once its signer presses the button behind the emailed link.
    A *flagged* one is held out of the count until an editor accepts it; one signed
    past a per-address or per-email limit is also `confirmation_held`: its link is
    emailed only when an editor accepts it (see abuse.py).
    `email_key` is the normalised address (see petitions/emails.py) and is unique per
    petition, so one person signs once however they write their address. Erasure
    blanks the person's details but keeps the row, so the count stays the same.
    A signature collected before this site is `imported_from` a `SignatureImport`:
    stored confirmed at the date it was signed, never emailed (petitions/imports.py).

    Attribution (core/attribution.py): where the signer came from, and `share_code`,
    the random code on the links they share, which becomes later signers' `referral_code`.
    """

    # Every signing writes each index below once; the unique (petition, email_key)
    # index already serves lookups by petition, so the foreign key needs none of its own.
    petition = models.ForeignKey(
        "petitions.PetitionPage",
        on_delete=models.CASCADE,
        related_name="signatures",
        db_index=False,
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254, help_text="As the signer typed it.")
    email_key = models.CharField(
        max_length=254, help_text="The address normalised for finding duplicates."
    )
    email_domain = models.CharField(max_length=253, blank=True)
    country = CountryField(blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    comment = models.TextField(blank=True)
    show_name = models.BooleanField(default=False)
    wants_updates = models.BooleanField(default=False)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    flagged = models.BooleanField(
        default=False, help_text="Held for review: not counted until an editor clears it."
    )
    flag_reason = models.CharField(max_length=200, blank=True)
    confirmation_held = models.BooleanField(
        default=False,
        help_text=(
            "Signed past a per-address or per-email limit: no email has been sent, and the "
            "confirmation link goes out only when an editor accepts the signature."
        ),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    ip_hash = models.CharField(
        max_length=64, blank=True, help_text="A keyed hash of the address it came from."
    )

    # The consent record: which wording (see core/consent.py), when, and from which
    # page. Wordings are never deleted, so these need no index of their own.
    consent = models.ForeignKey(
        "core.ConsentWording", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    consent_given_at = models.DateTimeField(default=timezone.now)
    source_url = models.CharField(max_length=500, blank=True)
    # The language the signer signed in (the address's /es/, /de/, or none for the
    # default): the consent wording above is the one shown in it, and every email to
    # the signer is written in it, by a task worker that has no request to ask.
    language = models.CharField(
        max_length=15,
        blank=True,
        help_text="The language the signer signed in; empty for the site's default.",
    )
    share_code = models.CharField(
        max_length=10,
        default=new_share_code,
        editable=False,
        help_text="The referral code on the links this signer shares.",
    )
    updates_consent = models.ForeignKey(
        "core.ConsentWording",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text="The updates opt-in wording, when the signer ticked it.",
    )
    # Set only on signatures collected before this site (petitions/imports.py): they
    # are stored confirmed at the date they were signed, and no email is ever sent.
    imported_from = models.ForeignKey(
        "petitions.SignatureImport",
        null=True,
        blank=True,
        # An import is deleted only with its petition, which deletes these too.
        on_delete=models.RESTRICT,
        related_name="signatures",
        db_index=False,
        help_text="The import this signature came from, if it was collected before this site.",
    )

    objects = SignatureQuerySet.as_manager()

    # A signature refers to its petition, but it is not a "use" of that page worth
    # recording in Wagtail's reference index (one task per signature otherwise).
    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_key"], name="petitions_one_signature_per_email"
            )
        ]
        indexes = [
            models.Index(fields=["petition", "status", "flagged"], name="petitions_sig_counted"),
            models.Index(fields=["petition", "created_at"], name="petitions_sig_created"),
            models.Index(fields=["email_key"], name="petitions_sig_email_key"),
            models.Index(fields=["status", "created_at"], name="petitions_sig_status_age"),
            # Only confirmed rows: a new (pending) signature does not touch this index.
            models.Index(
                fields=["confirmed_at"],
                name="petitions_sig_confirmed",
                condition=models.Q(confirmed_at__isnull=False),
            ),
            # Only imported rows: signing never touches this index.
            models.Index(
                fields=["imported_from"],
                name="petitions_sig_imported",
                condition=models.Q(imported_from__isnull=False),
            ),
            # Only referred rows: counts by referral code (organisations' links, the report).
            models.Index(
                fields=["referral_code"],
                name="petitions_sig_referral",
                condition=~models.Q(referral_code=""),
            ),
            # Only held rows (rare): finds the confirmations an editor's accept releases.
            models.Index(
                fields=["petition"],
                name="petitions_sig_held",
                condition=models.Q(confirmation_held=True),
            ),
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name or f"Signature {self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == Status.CONFIRMED

    def is_counted(self, *, include_pending: bool = False, include_imported: bool = True) -> bool:
        """`SignatureQuerySet.counted_q`, for one signature in hand."""
        statuses = counted_statuses(include_pending=include_pending)
        if self.is_imported and not include_imported:
            return False
        return self.status in statuses and not self.flagged

    @property
    def is_imported(self) -> bool:
        """Collected before this site and imported from a CSV (`SignatureQuerySet.imported`)."""
        return self.imported_from_id is not None

    @property
    def is_awaiting_review(self) -> bool:
        """`SignatureQuerySet.awaiting_review_q`, for one signature in hand."""
        return self.flagged and self.status != Status.INVALID

    @property
    def is_confirmation_withheld(self) -> bool:
        """`SignatureQuerySet.confirmation_withheld_q`, for one signature in hand."""
        return self.confirmation_held and self.status == Status.PENDING

    @property
    def may_get_link(self) -> bool:
        """`SignatureQuerySet.may_get_link`, for one signature in hand."""
        return self.status == Status.PENDING and not self.confirmation_held

    @property
    def imported_source(self) -> str:
        """Where an imported signature was collected; "" for one signed on this site."""
        return self.imported_from.source if self.is_imported else ""

    @property
    def email_language(self) -> str:
        """The language emails to this signer are written in."""
        return self.language or settings.LANGUAGE_CODE

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def address_digest(self) -> str:
        """A short digest of the address, carried in its confirmation link.

        The link then stops working once the address is erased (or replaced), without
        the address itself ever appearing in a URL.
        """
        return hashlib.sha256(self.email_key.encode()).hexdigest()[:12]

    def confirmation_token(self) -> str:
        """The token in this signature's confirmation link (CONFIRMATION_LINK)."""
        return CONFIRMATION_LINK.make([self.pk, self.address_digest])


class PetitionCount(models.Model):
    """The last exact count of a petition's signatures, in total and by country.

    Written only by the count refresh (petitions/counts.py), never by signing, so
    signers do not queue on one row. Readers get it from the cache, or this one row.
    """

    wagtail_reference_index_ignore = True

    petition = models.OneToOneField(
        "petitions.PetitionPage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    by_country = models.JSONField(default=dict)
    earlier = models.PositiveIntegerField(
        default=0,
        help_text="Of the total, signatures collected before this site (the number and imported rows).",
    )
    recent_signers = models.JSONField(
        default=list, help_text="[name, country code] of the latest signers who asked to be named."
    )
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.total} at {self.computed_at:%Y-%m-%d %H:%M:%S}"
