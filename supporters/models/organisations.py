"""Organisations that support the campaign and the decisions moderators take on them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from wagtail.search import index

from core.attribution import new_share_code

from .. import names


class Category(models.TextChoices):
    PATIENT_GROUP = "patient_group", _("Patient or carers' group")
    PROFESSIONAL_BODY = "professional_body", _("Professional body or royal college")
    JOURNAL = "journal", _("Journal or publisher")
    RESEARCH = "research", _("University or research institute")
    FUNDER = "funder", _("Research funder")
    HEALTHCARE_PROVIDER = "healthcare_provider", _("Health-care provider")
    PUBLIC_BODY = "public_body", _("Regulator or public body")
    INDUSTRY = "industry", _("Industry")
    OTHER = "other", pgettext_lazy("organisation kind", "Other")


class Status(models.TextChoices):
    PENDING_VERIFICATION = "pending_verification", _("Pending verification")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
    APPROVED = "approved", pgettext_lazy("listing status", "Approved")
    REJECTED = "rejected", pgettext_lazy("listing status", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("listing status", "Withdrawn")


# What the public list shows. A change to one of these on an approved listing is
# held in `pending_changes` until a moderator approves it.
PUBLIC_FIELDS = ("name", "website", "country", "category", "logo", "statement", "contact_page")


# The model permission that lets a user moderate listings (Wagtail's "Moderators"
# group has it, migration supporters 0002).
MODERATE_ACTION = "change"

REJECTION_NEEDS_REASON = _("Give a reason: the contact reads it with the decision.")


class OrganisationQuerySet(models.QuerySet):
    """Every organisation, whatever its status; ask for the subset you mean.

    The default manager hides nothing: the public list, the JSON feed and search
    go through `approved()`, so an unapproved listing can only reach the public
    by someone asking for it. The rules of moderation (what needs review, which
    decision fits which listing, who may take it) are here and on `Organisation`,
    once: the admin, the services and the emails call them.
    """

    def approved(self):
        """What the public sees: approved listings only (`Organisation.is_public`)."""
        return self.filter(status=Status.APPROVED)

    def needing_review(self):
        """New registrations awaiting a decision, and approved listings with changes to check."""
        return self.filter(
            Q(status=Status.AWAITING_REVIEW)
            | Q(status=Status.APPROVED, pending_changes__isnull=False)
        )

    def for_contact(self, user):
        return self.filter(owner=user)


class Organisation(index.Indexed, models.Model):
    """An organisation that has registered its support (or been imported from the old list).

    The public fields are what the list shows. The contact fields are private:
    moderators use them, the public never sees them. `status` moves only through
    the services in supporters/services.py, each of which writes an
    `OrganisationDecision`, so the history of every listing is complete.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    website = models.URLField(max_length=300, blank=True)
    country = CountryField(blank=True)
    category = models.CharField(max_length=30, choices=Category.choices, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.TextField(
        "Statement of support",
        max_length=600,
        blank=True,
        help_text="Why you support the campaign, in a few sentences.",
    )
    contact_page = models.URLField(
        "Public contact page",
        max_length=300,
        blank=True,
        help_text="Optional: where the public can reach you.",
    )

    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_role = models.CharField(max_length=120, blank=True)
    language = models.CharField(
        max_length=15,
        blank=True,
        editable=False,
        help_text="The language the contact registered in; emails about the listing are written in it.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text="The account that manages this listing.",
    )

    status = models.CharField(max_length=30, choices=Status.choices, default=Status.AWAITING_REVIEW)
    pending_changes = models.JSONField(
        null=True, blank=True, help_text="Changes to public fields waiting for a moderator."
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    share_code = models.CharField(
        max_length=10,
        default=new_share_code,
        editable=False,
        help_text="The referral code on the organisation's own link to the petition.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    normalised_name = models.CharField(max_length=200, db_index=True, editable=False)
    website_domain = models.CharField(max_length=200, db_index=True, blank=True, editable=False)
    sort_name = models.CharField(max_length=200, db_index=True, editable=False)
    letter = models.CharField(max_length=1, db_index=True, editable=False)
    possible_duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Another listing with the same name or website: check before approving.",
    )

    objects = OrganisationQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("status"),
        index.FilterField("country"),
        index.FilterField("category"),
    ]

    class Meta:
        ordering = ["sort_name"]
        indexes = [
            models.Index(fields=["status", "sort_name"]),
            models.Index(fields=["status", "letter"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived keys for duplicate detection and A-Z order; no business rules here.
        self.normalised_name = names.normalise_name(self.name)
        self.website_domain = names.website_domain(self.website)
        self.sort_name = names.sort_key(self.name)
        self.letter = names.sort_letter(self.name)
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        """On the public list (`OrganisationQuerySet.approved`, for one listing in hand)."""
        return self.status == Status.APPROVED

    @property
    def has_pending_changes(self) -> bool:
        return bool(self.pending_changes)

    # --- Moderation: which decision fits this listing, and who may take it ---------

    @property
    def needs_review(self) -> bool:
        """`OrganisationQuerySet.needing_review`, for one listing in hand."""
        return self.status == Status.AWAITING_REVIEW or (
            self.is_public and self.has_pending_changes
        )

    def can_approve(self) -> bool:
        """A registration awaiting review, changes to an approved listing, or a rejection reconsidered.

        Never a withdrawn listing (the organisation asked to leave) nor one whose
        contact has not verified their email yet.
        """
        return self.needs_review or self.status == Status.REJECTED

    def can_reject(self) -> bool:
        """A registration awaiting review, or changes to an approved listing (which then stays as it was).

        Not an approved listing without changes: taking a listing off the public
        list is not a rejection, and the contact's email would say otherwise.
        """
        return self.needs_review

    @property
    def holds_public_changes(self) -> bool:
        """An edit to the public fields waits for a moderator (in `pending_changes`)
        while the public keeps seeing the approved version."""
        return self.is_public

    @property
    def edit_sends_back_to_review(self) -> bool:
        """A rejected or withdrawn listing whose public fields are edited goes back to
        review as a whole."""
        return self.status in (Status.REJECTED, Status.WITHDRAWN)

    @property
    def can_withdraw(self) -> bool:
        """The contact may withdraw their support at any stage, once."""
        return self.status != Status.WITHDRAWN

    @staticmethod
    def clean_rejection_note(note: str) -> str:
        """A rejection always gives the contact a reason: the note, stripped, or an error."""
        note = (note or "").strip()
        if not note:
            raise ValidationError(REJECTION_NEEDS_REASON, code="required")
        return note

    @classmethod
    def user_can_moderate(cls, user) -> bool:
        """May approve and reject listings: the "change organisation" permission."""
        from core.admin import user_can

        return user_can(user, cls, MODERATE_ACTION)

    @classmethod
    def moderators(cls):
        """The active users who may moderate, asked of the same permission policy:
        superusers and everyone with the "change organisation" permission (the
        Moderators group). They hear of new listings to review."""
        from wagtail.permissions import policy_registry

        return policy_registry.get_by_type(cls).users_with_permission(MODERATE_ACTION)


class OrganisationDecision(models.Model):
    """One step in a listing's history: who moved it from which status to which, and why."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="decisions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.from_status or 'new'} → {self.to_status}"
