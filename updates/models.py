"""People who asked for campaign updates, and how far Mailchimp knows about them.

Mailchimp holds the audience the campaign mails; this app holds our own record of
each sign-up first (so a Mailchimp outage never loses one) and keeps the two in
step. Every change we make to a subscriber bumps `change_version`; a sync that
Mailchimp accepted records the version it sent in `synced_version`. A subscriber
is unsynced exactly while `synced_version < change_version`, and a change is sent
once because the worker that sends it first claims the row (`sync_claimed_at`, a
lease that a killed worker leaves behind and the sweep takes back when it is stale).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.models import SitePage
from core.attribution import Attribution
from core.translatable import TranslatableQuerySet, TranslatedOriginalMixin, in_default_language


def subscriber_hash(email: str) -> str:
    """Mailchimp's id for a member: the MD5 of the lower-cased address."""
    return hashlib.md5(email.strip().lower().encode("utf-8")).hexdigest()  # noqa: S324


class Interest(TranslatedOriginalMixin, TranslatableMixin, models.Model):
    """A subject people can ask to hear about (UK, EU, USA, Global news, ...).

    Editors manage the list. Each maps to one interest (a "group" option) in the
    Mailchimp audience by its id, found in Mailchimp under Audience > Manage
    contacts > Groups, or with `manage.py mailchimp_sync --interests`. An
    interest without an id is kept locally and not sent.

    Editors translate the name (Translate, in the listing); everything else is the
    original's in every language. Forms, subscribers and Mailchimp use the original,
    in the site's default language (`Interest.objects.originals()`); forms show
    `interest.translated.name`.
    """

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, help_text="Used by forms and exports.")
    mailchimp_interest_id = models.CharField(
        "Mailchimp interest id",
        max_length=40,
        blank=True,
        help_text="The id of the matching group option in the Mailchimp audience.",
    )
    active = models.BooleanField(default=True, help_text="Offered on the sign-up form.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("mailchimp_interest_id"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
    ]

    objects = TranslatableQuerySet.as_manager()

    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("mailchimp_interest_id"),
        SynchronizedField("active"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self) -> str:
        return self.name


class SyncState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    RETRYING = "retrying", _("Retrying after a temporary error")
    FAILING = "failing", _("Failing for a while (still retrying)")
    SYNCED = "synced", _("In Mailchimp")
    FAILED = "failed", _("Refused by Mailchimp")
    NOT_CONNECTED = "not_connected", _("Kept locally (Mailchimp not connected)")


class MailchimpStatus(models.TextChoices):
    """The member's status as Mailchimp last told us (by a sync answer or a webhook)."""

    UNKNOWN = "", _("Not known yet")
    PENDING = "pending", _("Awaiting their confirmation")
    SUBSCRIBED = "subscribed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    CLEANED = "cleaned", _("Cleaned (address bounced)")
    ARCHIVED = "archived", _("Archived")


class SubscriberQuerySet(models.QuerySet):
    def unsynced(self):
        """Subscribers with a change Mailchimp has not accepted yet (whatever the reason)."""
        return self.filter(synced_version__lt=F("change_version"))

    def due(self, *, now=None):
        """Unsynced and worth trying now: not refused for good, not claimed by a live worker,
        and past any back-off. The sweep enqueues these."""
        now = now or timezone.now()
        lease = timezone.timedelta(seconds=settings.MAILCHIMP_SYNC_LEASE_SECONDS)
        return (
            self.unsynced()
            .exclude(sync_state=SyncState.FAILED)
            .filter(Q(sync_claimed_at__isnull=True) | Q(sync_claimed_at__lt=now - lease))
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        )


class Subscriber(Attribution):
    """One person who asked for updates, keyed by their lower-cased email address.

    Signing up again with the same address updates this row (and records the new
    consent) rather than making a second one. `mailchimp_status` is what Mailchimp
    says; in particular "unsubscribed" there is final for our own syncs, which only
    ever set a status for members Mailchimp does not have yet.

    Attribution (core/attribution.py): the campaign tags and referral code of their first
    sign-up; signing up again never changes them.
    """

    email = models.EmailField(max_length=254, unique=True)
    first_name = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    interests = models.ManyToManyField(
        Interest, blank=True, related_name="subscribers", limit_choices_to=in_default_language
    )
    source = models.CharField(
        max_length=200, help_text="Where they first signed up, e.g. petition:<slug>."
    )
    source_url = models.CharField(max_length=500, blank=True)
    language = models.CharField(
        max_length=15,
        blank=True,
        help_text="The language they last signed up in; Mailchimp has it as the member's language.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    mailchimp_status = models.CharField(
        max_length=20, choices=MailchimpStatus.choices, blank=True, default=""
    )
    mailchimp_status_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a Mailchimp webhook last reported the status (orders late events).",
    )
    # A new sign-up (fresh consent) from someone who had unsubscribed: the next sync
    # asks Mailchimp to send them its confirmation email again. Never set by our own
    # syncs or by reconciliation.
    resubscribe_requested = models.BooleanField(default=False)

    change_version = models.PositiveIntegerField(default=1)
    synced_version = models.PositiveIntegerField(default=0)
    sync_state = models.CharField(
        max_length=20, choices=SyncState.choices, default=SyncState.PENDING, db_index=True
    )
    sync_claimed_at = models.DateTimeField(null=True, blank=True)
    sync_attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sync_error = models.TextField(blank=True, help_text="Mailchimp's message, when it refused.")
    last_synced_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sync_state", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.email

    @property
    def hash(self) -> str:
        return subscriber_hash(self.email)

    @property
    def is_synced(self) -> bool:
        return self.synced_version >= self.change_version

    @property
    def interest_names(self) -> str:
        return ", ".join(interest.name for interest in self.interests.all())

    @property
    def consent_history(self) -> str:
        """Each consent, newest first: wording version, when, and where from."""
        return "; ".join(
            f"{consent.wording.version} on "
            f"{timezone.localtime(consent.consented_at):%Y-%m-%d %H:%M}"
            f" via {consent.source} {consent.source_url}".rstrip()
            for consent in self.consents.select_related("wording")
        )


class Consent(models.Model):
    """What a subscriber agreed to, when and where: one row per sign-up, never edited.

    The wording lives in core's store (core/consent.py) and outlives the row: erasing
    the subscriber deletes their consents, never the words other people agreed to.
    """

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    wording = models.ForeignKey("core.ConsentWording", on_delete=models.PROTECT, related_name="+")
    consented_at = models.DateTimeField()
    source = models.CharField(max_length=200)
    source_url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-consented_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.wording.version} at {self.consented_at:%Y-%m-%d %H:%M}"


class MailchimpEvent(models.Model):
    """A webhook call from Mailchimp, stored before it is processed.

    Mailchimp sends no event id, so the key is a hash of the whole form body: the
    same call delivered twice is stored (and processed) once. The form data is
    dropped once applied, and applied calls are forgotten after 90 days.
    """

    key = models.CharField(max_length=64, unique=True)
    type = models.CharField(max_length=30)
    email = models.EmailField(max_length=254, blank=True)
    fired_at = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.email}"


class MailchimpDeletionQuerySet(models.QuerySet):
    def waiting(self):
        """Not confirmed by Mailchimp yet, whatever the reason."""
        return self.filter(done_at__isnull=True)

    def failing(self):
        """Waiting, and the last try failed: Mailchimp's message is in `error`."""
        return self.waiting().exclude(error="")

    def due(self, *, now=None):
        """Waiting and past any back-off: the sweep enqueues these."""
        now = now or timezone.now()
        return self.waiting().filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


class MailchimpDeletion(models.Model):
    """A request to delete a member from Mailchimp for good, after an erasure.

    Only the hash is kept (the email is gone with the subscriber); it stays until
    Mailchimp confirms, so a Mailchimp outage cannot lose the request. Done means
    Mailchimp deleted the member, or told us it has no such member in an audience
    that exists; anything else (an error, a 404 about something else) is tried again
    after a back-off, with Mailchimp's message kept in `error` for editors.
    """

    subscriber_hash = models.CharField(max_length=32, unique=True)
    requested_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why the last try failed, in Mailchimp's words.")

    objects = MailchimpDeletionQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.subscriber_hash

    @property
    def state(self) -> str:
        if self.done_at:
            return "Deleted from Mailchimp"
        if self.error:
            return "Failed: will try again"
        return "Waiting to be sent"


class UpdatesPage(SitePage):
    """The page where the public signs up for updates (at /updates/ in the demo)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    thank_you_text = models.TextField(
        blank=True,
        help_text="Shown after signing up. Leave blank for the standard message.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("thank_you_text")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    template = "updates/updates_page.html"

    @property
    def listing_summary(self) -> str:
        return strip_tags(self.intro)

    def get_context(self, request, *args, **kwargs):
        from .forms import SubscribeForm

        context = super().get_context(request, *args, **kwargs)
        context["form"] = SubscribeForm(initial={"source_url": self.url or ""})
        return context
