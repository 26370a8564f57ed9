"""The Updates menu in the Wagtail admin: subscribers (who is unsynced and why), interests,
and the erasures Mailchimp has not confirmed yet.

Subscribers are added by the public form and the petition only, and removed only
through a personal-data erasure (`manage.py personal_data erase EMAIL`), which
also asks Mailchimp to delete the member; so the admin offers neither "add" nor
"delete". Editing a subscriber's name, country or interests sends the change to
Mailchimp like any other. Mailchimp deletions (one per erased subscriber, by the
address's hash only) are read-only: editors watch them go through, or see
Mailchimp's message when they do not.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from core.admin import AdminPermissionPolicy, user_can
from core.spreadsheets import FormulaSafeExportMixin

from . import mailchimp, services
from .admin_filters import MailchimpDeletionFilterSet, SubscriberFilterSet
from .models import Interest, MailchimpDeletion, Subscriber, SyncState

LIST_URL_NAME = "updates_subscriber:list"
DELETIONS_URL_NAME = "updates_mailchimpdeletion:list"
NOT_CONNECTED = _(
    "Mailchimp is not connected (set MAILCHIMP_API_KEY and MAILCHIMP_LIST_ID): sign-ups "
    "are kept here and sent once it is."
)


#: No adding or deleting subscribers in the admin (see the module's docstring).
SUBSCRIBER_REFUSED_ACTIONS = frozenset({"add", "delete"})
#: Mailchimp deletions are rows the site keeps for itself: editors may look, never write.
DELETION_REFUSED_ACTIONS = frozenset({"add", "change", "delete"})


def _export_datetime(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class SubscriberIndexView(FormulaSafeExportMixin, IndexView):
    custom_field_preprocess = {
        "created_at": {IndexView.FORMAT_CSV: _export_datetime},
        "last_synced_at": {IndexView.FORMAT_CSV: _export_datetime},
    }

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("interests")

    def get(self, request, *args, **kwargs):
        if not mailchimp.is_configured() and not request.GET.get("export"):
            messages.warning(request, NOT_CONNECTED)
        return super().get(request, *args, **kwargs)


class SubscriberEditView(EditView):
    def save_instance(self):
        instance = super().save_instance()
        services.subscriber_changed(subscriber=instance)
        return instance


def sync_label(subscriber: Subscriber) -> str:
    if subscriber.is_synced:
        return gettext("In Mailchimp")
    label = subscriber.get_sync_state_display()
    if subscriber.sync_error:
        return gettext("%(state)s: %(error)s") % {
            "state": label,
            "error": subscriber.sync_error[:120],
        }
    return str(label)


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Subscribers")
    url_prefix = "updates/subscriber"
    url_namespace = "updates_subscriber"
    index_view_class = SubscriberIndexView
    edit_view_class = SubscriberEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "first_name",
        "country",
        "interests",
        "source",
        "source_url",
        "created_at",
        "consent_history",
        "mailchimp_status",
        "mailchimp_status_at",
        "sync_state",
        "sync_error",
        "sync_attempts",
        "last_synced_at",
        "next_attempt_at",
    ]

    list_display = [
        "email",
        "first_name",
        Column(
            "country", label=_("Country"), accessor=lambda s: s.country.name, sort_key="country"
        ),
        Column("interests", label=_("Interests"), accessor="interest_names"),
        Column("source", label=_("Source"), sort_key="source"),
        StatusTagColumn(
            "sync_state",
            label=_("Sync"),
            accessor=sync_label,
            sort_key="sync_state",
            primary=lambda s: not s.is_synced,
        ),
        Column(
            "mailchimp_status",
            label=_("Mailchimp status"),
            accessor="get_mailchimp_status_display",
            sort_key="mailchimp_status",
        ),
        DateColumn("created_at", label=_("Signed up"), sort_key="created_at"),
    ]
    filterset_class = SubscriberFilterSet
    ordering = "-created_at"
    list_per_page = 50
    search_fields = ["email", "first_name"]
    search_backend_name = None

    list_export = [
        "email",
        "first_name",
        "country.code",
        "interest_names",
        "source",
        "source_url",
        "created_at",
        "get_mailchimp_status_display",
        "get_sync_state_display",
        "sync_error",
        "last_synced_at",
    ]
    export_headings = {
        "country.code": "Country",
        "interest_names": "Interests",
        "created_at": "Signed up",
        "get_mailchimp_status_display": "Mailchimp status",
        "get_sync_state_display": "Sync",
        "sync_error": "Mailchimp's message",
        "last_synced_at": "Last synced",
    }
    export_filename = "subscribers"

    panels = [FieldPanel("first_name"), FieldPanel("country"), FieldPanel("interests")]


def deletion_state(deletion: MailchimpDeletion) -> str:
    if deletion.done_at or not deletion.error:
        return deletion.state
    when = timezone.localtime(deletion.next_attempt_at) if deletion.next_attempt_at else None
    again = f" (tried {deletion.attempts}x; next {when:%Y-%m-%d %H:%M})" if when else ""
    return f"{deletion.state}{again}"


class MailchimpDeletionViewSet(SnippetViewSet):
    """Each erasure's request to Mailchimp, until Mailchimp confirms it."""

    model = MailchimpDeletion
    icon = "bin"
    menu_label = _("Mailchimp deletions")
    url_prefix = "updates/mailchimpdeletion"
    url_namespace = "updates_mailchimpdeletion"
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "subscriber_hash",
        "requested_at",
        "state",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "done_at",
        "error",
    ]
    list_display = [
        "subscriber_hash",  # the title column: links to the deletion's details
        DateColumn("requested_at", label=_("Erased"), sort_key="requested_at"),
        StatusTagColumn(
            "state",
            label=_("State"),
            accessor=deletion_state,
            primary=lambda d: d.done_at is None,
        ),
        Column("error", label=_("Mailchimp's message"), accessor=lambda d: d.error[:300]),
    ]
    filterset_class = MailchimpDeletionFilterSet
    ordering = "-requested_at"
    list_per_page = 50
    search_fields = ["subscriber_hash"]
    search_backend_name = None


class InterestViewSet(SnippetViewSet):
    model = Interest
    icon = "tag"
    menu_label = _("Interests")
    url_prefix = "updates/interest"
    url_namespace = "updates_interest"
    list_display = ["name", "slug", "mailchimp_interest_id", "active"]
    ordering = "sort_order"


class UpdatesViewSetGroup(SnippetViewSetGroup):
    items = (SubscriberViewSet, InterestViewSet, MailchimpDeletionViewSet)
    menu_icon = "mail"
    menu_label = _("Updates")
    menu_name = "updates"
    menu_order = 250


register_permission_policy(
    Subscriber, AdminPermissionPolicy(Subscriber, refused=SUBSCRIBER_REFUSED_ACTIONS)
)
register_permission_policy(
    MailchimpDeletion, AdminPermissionPolicy(MailchimpDeletion, refused=DELETION_REFUSED_ACTIONS)
)
register_snippet(UpdatesViewSetGroup)


class SubscribersPanel(Component):
    """Sign-ups by sync state, with links to exactly those, and whether Mailchimp is connected."""

    name = "updates_subscribers"
    template_name = "updates/admin/subscribers_panel.html"
    order = 60

    def get_context_data(self, parent_context=None):
        unsynced = Subscriber.objects.unsynced().values("pk")
        counts = Subscriber.objects.aggregate(
            total=Count("pk"),
            unsynced=Count("pk", filter=Q(pk__in=unsynced)),
            failed=Count("pk", filter=Q(sync_state=SyncState.FAILED, pk__in=unsynced)),
            retrying=Count("pk", filter=Q(sync_state=SyncState.RETRYING, pk__in=unsynced)),
            failing=Count("pk", filter=Q(sync_state=SyncState.FAILING, pk__in=unsynced)),
        )
        deletions = MailchimpDeletion.objects.waiting().aggregate(
            deletions_waiting=Count("pk"), deletions_failing=Count("pk", filter=~Q(error=""))
        )
        list_url = reverse(LIST_URL_NAME)
        deletions_url = reverse(DELETIONS_URL_NAME)
        return {
            **counts,
            **deletions,
            "deletions_url": f"{deletions_url}?state=waiting",
            "deletions_failing_url": f"{deletions_url}?state=failing",
            "connected": mailchimp.is_configured(),
            "not_connected_message": NOT_CONNECTED,
            "list_url": list_url,
            "unsynced_url": f"{list_url}?unsynced=true",
            "failed_url": f"{list_url}?sync_state={SyncState.FAILED}",
            "failing_url": f"{list_url}?sync_state={SyncState.FAILING}",
        }


@hooks.register("construct_homepage_panels")
def add_subscribers_panel(request, panels):
    if user_can(request.user, Subscriber, "view", "change"):
        panels.append(SubscribersPanel())
