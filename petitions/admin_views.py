"""The editors' side of petitions in the Wagtail admin: petitions, signatures, reports, export.

Editors watch signatures; they never type or edit one. Every change of state goes
through petitions.services (`signatures_invalidate`, `signatures_clear_flag`), which
records who decided and when and refreshes the public count after commit.

Permissions are the standard model ones: "view signature" reads the lists, the
reports and the CSV export; "change signature" also invalidates and accepts in
bulk. Nobody adds or deletes a signature here: they arrive through the signing
form and leave through expiry or a personal-data erasure, both of which keep the
count right.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView, InspectView

from . import services
from .abuse import refusals_in_last_hour
from .admin_filters import (
    AWAITING_REVIEW_PARAM,
    awaiting_review,
    filtered_signatures,
    search_signatures,
)
from .counts import petition_tally
from .exports import signatures_csv_response
from .models import PetitionPage, Signature, Status

SIGNATURES_LIST_URL_NAME = "petitions_signature:list"
SIGNATURES_INSPECT_URL_NAME = "petitions_signature:inspect"
PETITIONS_URL_NAMESPACE = "petitions_admin"
ERASED = "(erased)"


# --- Permissions ----------------------------------------------------------------------


class SignaturePermissionPolicy(ModelPermissionPolicy):
    """The model's own permissions, except that nobody adds or deletes signatures here.

    Signatures come from the signing form only, and leave through expiry or a
    personal-data erasure (which keep the count right and the consent record);
    deleting rows from the admin would do neither.
    """

    REFUSED_ACTIONS = frozenset({"add", "delete"})

    def user_has_permission(self, user, action):
        if action in self.REFUSED_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.REFUSED_ACTIONS]
        if not allowed:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(allowed)


def signature_policy():
    return policy_registry.get_by_type(Signature)


def can_view_signatures(user) -> bool:
    return signature_policy().user_has_any_permission(user, ["view", "change"])


def can_review_signatures(user) -> bool:
    return signature_policy().user_has_permission(user, "change")


# --- Links between the views -------------------------------------------------------------


def signatures_list_url(**filters) -> str:
    """The signatures list with these filters, e.g. `signatures_list_url(petition=3)`."""
    url = reverse(SIGNATURES_LIST_URL_NAME)
    return f"{url}?{urlencode(filters)}" if filters else url


def awaiting_review_url(petition_id: int | None = None) -> str:
    filters = {"petition": petition_id} if petition_id else {}
    return signatures_list_url(**filters, **{AWAITING_REVIEW_PARAM: "true"})


def report_url(petition_id: int) -> str:
    return reverse(f"{PETITIONS_URL_NAMESPACE}:report", args=[petition_id])


def export_url(petition_id: int, params: QueryDict | None = None) -> str:
    url = reverse(f"{PETITIONS_URL_NAMESPACE}:export", args=[petition_id])
    if params:
        params = params.copy()
        for ignored in ("petition", "p", "ordering", "_w_filter_fragment", "export"):
            params.pop(ignored, None)
        if query := params.urlencode():
            return f"{url}?{query}"
    return url


# --- Signatures list -------------------------------------------------------------------


def display_name(signature: Signature) -> str:
    return ERASED if signature.is_erased else signature.name


def display_email(signature: Signature) -> str:
    return ERASED if signature.is_erased else signature.email


def flag_label(signature: Signature) -> str:
    if not signature.flagged:
        return ""
    label = "Flagged"
    if signature.flag_reason:
        label += f": {signature.flag_reason}"
    if signature.confirmation_held and signature.status == Status.PENDING:
        label += " (no email sent yet)"
    return label


LIST_DISPLAY = [
    "name",
    Column("email", label="Email", accessor=display_email, sort_key="email"),
    Column("petition", label="Petition", accessor=lambda signature: signature.petition.title),
    Column(
        "country",
        label="Country",
        accessor=lambda signature: signature.country.name,
        sort_key="country",
    ),
    StatusTagColumn(
        "status",
        label="Status",
        accessor="get_status_display",
        sort_key="status",
        primary=lambda signature: signature.status == Status.CONFIRMED,
    ),
    Column("flagged", label="Flagged", accessor=flag_label, sort_key="flagged"),
    DateColumn("created_at", label="Signed", sort_key="created_at"),
    DateColumn("confirmed_at", label="Confirmed", sort_key="confirmed_at"),
]


class SignatureIndexView(IndexView):
    """The signatures, newest first, with filters, a database search and two bulk actions."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("petition")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_signatures(queryset, self.search_query)

    def _get_title_column(self, field_name, *args, **kwargs):
        kwargs.setdefault("accessor", display_name)
        return super()._get_title_column(field_name, *args, **kwargs)

    def get_edit_url(self, instance):
        return None  # signatures are not edited by hand: the title opens the inspect view

    @cached_property
    def filtered_petition_id(self) -> int | None:
        value = self.request.GET.get("petition", "")
        return int(value) if value.isdigit() else None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.filtered_petition_id:
            buttons.append(
                Button(
                    "Download these as CSV",
                    url=export_url(self.filtered_petition_id, self.request.GET),
                    icon_name="download",
                    priority=20,
                )
            )
            buttons.append(
                Button(
                    "Petition report",
                    url=report_url(self.filtered_petition_id),
                    icon_name="table",
                    priority=30,
                )
            )
        return buttons

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["signature_bulk_action_buttons"] = bulk_action_buttons(self.request.user)
        return context


def bulk_action_buttons(user) -> list[ListingButton]:
    """The bar under the list offers invalidate and accept, never Wagtail's generic delete."""
    if not can_review_signatures(user):
        return []
    return [
        ListingButton(
            action.display_name,
            reverse("wagtail_bulk_action", args=["petitions", "signature", action.action_type]),
            attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
            priority=action.action_priority,
            classname=" ".join(sorted({"bulk-action-btn", *action.classes})),
        )
        for action in (AcceptBulkAction, InvalidateBulkAction)
    ]


class SignatureInspectView(InspectView):
    def get_edit_url(self):
        return None


class SignatureEditView(View):
    """There is no edit form: an old link to one opens the signature's details instead."""

    def get(self, request, pk):
        if not can_view_signatures(request.user):
            raise PermissionDenied
        return HttpResponseRedirect(reverse(SIGNATURES_INSPECT_URL_NAME, args=[pk]))

    post = get


# --- Bulk invalidate and accept ---------------------------------------------------------------

#: How many selected signatures the confirmation page names; the rest are counted.
PREVIEW_LIMIT = 100


class SignatureReviewAction(SnippetBulkAction):
    """Decide on the selected signatures in one go, through the service, after a confirmation.

    "Select all in listing" sends the listing's own filters and search along, and
    this action applies them again, so it acts on exactly the rows the editor was
    looking at (all of them, not just one page). The selection stays a query: it
    is neither loaded into memory nor spelt out as a list of ids, so ten thousand
    flagged signatures are decided in one UPDATE.
    """

    models = [Signature]
    template_name = "petitions/admin/confirm_bulk_review.html"

    #: Subclasses say what they do.
    question = ""
    not_applicable_message = ""
    confirm_label = ""
    done = ""

    def dispatch(self, request, *args, **kwargs):
        if not can_review_signatures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, signature):
        return can_review_signatures(self.request.user)

    @classmethod
    def applicable(cls, signatures: QuerySet) -> QuerySet:
        raise NotImplementedError

    @classmethod
    def decide(cls, *, signatures: QuerySet, actor) -> int:
        raise NotImplementedError

    @cached_property
    def selected(self) -> QuerySet:
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            return filtered_signatures(self.request.GET)
        ids = [value for value in ids if value.isdigit()]
        return Signature.objects.filter(pk__in=ids)

    def get_actionable_objects(self):
        # The permission is checked once for all in dispatch(); nothing is per row.
        return self.selected, {"items_with_no_access": []}

    def object_context(self, signature):
        return {
            "item": signature,
            "name": display_name(signature),
            "email": display_email(signature),
            "status": signature.get_status_display(),
            "flag": flag_label(signature),
            "url": reverse(SIGNATURES_INSPECT_URL_NAME, args=[signature.pk]),
        }

    def decision_context(self, applicable: QuerySet) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        # FormView's, not BulkAction's: that one loads and renders every selected row.
        context = FormView.get_context_data(self, **kwargs)
        selected = self.selected.select_related("petition").order_by("-created_at")
        applicable = type(self).applicable(selected)
        applicable_count = applicable.count()
        selected_count = selected.count()
        context.update(
            {
                "items": [self.object_context(s) for s in applicable[:PREVIEW_LIMIT]],
                "applicable_count": applicable_count,
                "not_shown_count": max(0, applicable_count - PREVIEW_LIMIT),
                "not_applicable_count": selected_count - applicable_count,
                "items_with_no_access": [],
                "next": self.next_url,
                "submit_url": self.request.path + "?" + self.request.META["QUERY_STRING"],
                "model_opts": Signature._meta,
                "header_icon": "form",
                "action_title": self.display_name,
                "question": self.question,
                "not_applicable_message": self.not_applicable_message,
                "confirm_label": self.confirm_label,
                "button_class": " ".join(sorted(self.classes)),
                **self.decision_context(applicable),
            }
        )
        return context

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return cls.decide(signatures=cls.applicable(objects), actor=user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        noun = ngettext("signature", "signatures", num_parent_objects)
        return f"{self.done} {num_parent_objects} {noun}."


class InvalidateBulkAction(SignatureReviewAction):
    display_name = "Invalidate"
    action_type = "invalidate"
    aria_label = "Invalidate the selected signatures"
    action_priority = 20
    classes = {"serious"}
    question = (
        "These signatures stop counting and can no longer be confirmed. Their signers are not told."
    )
    not_applicable_message = "already invalid, and stay as they are."
    confirm_label = "Yes, invalidate"
    done = "Invalidated"

    @classmethod
    def applicable(cls, signatures):
        return signatures.exclude(status=Status.INVALID)

    @classmethod
    def decide(cls, *, signatures, actor):
        return services.signatures_invalidate(signatures=signatures, actor=actor)


class AcceptBulkAction(SignatureReviewAction):
    display_name = "Accept (clear flag)"
    action_type = "accept"
    aria_label = "Accept the selected flagged signatures"
    action_priority = 10
    question = (
        "The flag is cleared and these signatures count like any other "
        "(once confirmed, on a petition that counts confirmed signatures only)."
    )
    not_applicable_message = "not flagged, or invalid, and stay as they are."
    confirm_label = "Yes, accept"
    done = "Accepted"

    @classmethod
    def applicable(cls, signatures):
        return awaiting_review(signatures)

    def decision_context(self, applicable):
        # Held past a limit: accepting is what sends their confirmation link.
        return {
            "held_count": applicable.filter(confirmation_held=True, status=Status.PENDING).count()
        }

    @classmethod
    def decide(cls, *, signatures, actor):
        return services.signatures_clear_flag(signatures=signatures, actor=actor)


# --- Petitions and their reports ----------------------------------------------------------------


class PetitionsViewMixin(WagtailAdminTemplateMixin):
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_signatures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.page_title != PetitionIndexView.page_title:
            items.append(
                {
                    "url": reverse(f"{PETITIONS_URL_NAMESPACE}:index"),
                    "label": PetitionIndexView.page_title,
                }
            )
        items.append({"url": "", "label": self.get_page_title()})
        return items


@dataclass(frozen=True)
class PetitionRow:
    petition: PetitionPage
    state: str
    public_count: int
    pending: int
    awaiting_review: int
    report_url: str
    signatures_url: str
    awaiting_review_url: str


STATE_LABELS = {"open": "Open", "closed": "Closed", "not-open-yet": "Not open yet"}


class PetitionIndexView(PetitionsViewMixin, TemplateView):
    """Every petition at a glance: open or closed, its public count, and what waits for an editor."""

    template_name = "petitions/admin/petition_index.html"
    page_title = "Petitions"

    def rows(self) -> list[PetitionRow]:
        petitions = list(PetitionPage.objects.order_by("-first_published_at", "title"))
        # Both figures for every petition in one grouped query, over the rows that matter.
        waiting = {
            row["petition_id"]: row
            for row in Signature.objects.filter(
                Q(status=Status.PENDING) | Q(flagged=True, status=Status.CONFIRMED)
            )
            .order_by()
            .values("petition_id")
            .annotate(
                pending=Count("id", filter=Q(status=Status.PENDING)),
                flagged=Count("id", filter=Q(flagged=True)),
            )
        }
        now = timezone.now()
        rows = []
        for petition in petitions:
            figures = waiting.get(petition.pk, {})
            rows.append(
                PetitionRow(
                    petition=petition,
                    state=STATE_LABELS[petition.state(now)],
                    public_count=petition_tally(petition.pk).total,
                    pending=figures.get("pending", 0),
                    awaiting_review=figures.get("flagged", 0),
                    report_url=report_url(petition.pk),
                    signatures_url=signatures_list_url(petition=petition.pk),
                    awaiting_review_url=awaiting_review_url(petition.pk),
                )
            )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = self.rows()
        context["all_signatures_url"] = signatures_list_url()
        return context


@dataclass(frozen=True)
class DayBar:
    day: datetime.date
    total: int
    counted: int
    x: float
    width: float
    total_height: float
    counted_height: float

    @property
    def total_y(self) -> float:
        return round(CHART_HEIGHT - self.total_height, 2)

    @property
    def counted_y(self) -> float:
        return round(CHART_HEIGHT - self.counted_height, 2)


CHART_WIDTH = 720
CHART_HEIGHT = 160


def signatures_per_day(petition: PetitionPage) -> list[dict]:
    """Signatures received per day (local time), and how many of them count: one grouped query.

    Days without signatures are filled in with zeros, so the chart's gaps are real.
    """
    rows = (
        Signature.objects.filter(petition=petition)
        .order_by()
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(
            total=Count("id"),
            counted=Count(
                "id",
                filter=Q(
                    status__in=[Status.CONFIRMED, Status.PENDING]
                    if petition.counts_pending
                    else [Status.CONFIRMED],
                    flagged=False,
                ),
            ),
        )
        .order_by("day")
    )
    by_day = {row["day"]: row for row in rows}
    if not by_day:
        return []
    first, last = min(by_day), max(by_day)
    days = []
    day = first
    while day <= last:
        row = by_day.get(day, {})
        days.append({"day": day, "total": row.get("total", 0), "counted": row.get("counted", 0)})
        day += datetime.timedelta(days=1)
    return days


def chart_bars(days: list[dict]) -> list[DayBar]:
    """Bars for an inline SVG chart, scaled to its viewBox (no JavaScript, nothing external)."""
    if not days:
        return []
    peak = max(day["total"] for day in days) or 1
    slot = CHART_WIDTH / len(days)
    gap = slot * 0.15 if slot > 3 else 0
    return [
        DayBar(
            day=day["day"],
            total=day["total"],
            counted=day["counted"],
            x=round(index * slot + gap / 2, 2),
            width=round(slot - gap, 2),
            total_height=round(day["total"] * CHART_HEIGHT / peak, 2),
            counted_height=round(day["counted"] * CHART_HEIGHT / peak, 2),
        )
        for index, day in enumerate(days)
    ]


class PetitionReportView(PetitionsViewMixin, TemplateView):
    """One petition's figures: by status, per day (a chart), by country, with links onward."""

    template_name = "petitions/admin/petition_report.html"
    page_title = "Petition report"

    @cached_property
    def petition(self) -> PetitionPage:
        return get_object_or_404(PetitionPage, pk=self.kwargs["petition_id"])

    def get_page_title(self):
        return f"Report: {self.petition.title}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        petition = self.petition
        totals = Signature.objects.filter(petition=petition).aggregate(
            total=Count("id"),
            pending=Count("id", filter=Q(status=Status.PENDING)),
            confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
            invalid=Count("id", filter=Q(status=Status.INVALID)),
            awaiting_review=Count("id", filter=Q(flagged=True) & ~Q(status=Status.INVALID)),
        )
        tally = petition_tally(petition.pk)
        days = signatures_per_day(petition)
        bars = chart_bars(days)
        context.update(
            {
                "petition": petition,
                "state": STATE_LABELS[petition.state()],
                "totals": totals,
                "tally": tally,
                "country_rows": tally.by_country_rows(),
                "days": days,
                "bars": bars,
                "peak": max((day["total"] for day in days), default=0),
                "first_day": days[0]["day"] if days else None,
                "last_day": days[-1]["day"] if days else None,
                "chart_width": CHART_WIDTH,
                "chart_height": CHART_HEIGHT,
                "signatures_url": signatures_list_url(petition=petition.pk),
                "awaiting_review_url": awaiting_review_url(petition.pk),
                "export_url": export_url(petition.pk),
                "confirmed_export_url": f"{export_url(petition.pk)}?status={Status.CONFIRMED}",
                "count_mode": petition.get_count_mode_display(),
            }
        )
        return context


class PetitionExportView(View):
    """A petition's signatures as a streamed CSV, narrowed by the list's filters if given."""

    def get(self, request, petition_id: int):
        if not can_view_signatures(request.user):
            raise PermissionDenied
        petition = PetitionPage.objects.filter(pk=petition_id).first()
        if petition is None:
            raise Http404
        params = request.GET.copy()
        params["petition"] = str(petition.pk)
        signatures = filtered_signatures(params)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return signatures_csv_response(
            signatures, filename=f"signatures-{petition.slug}-{stamp}.csv"
        )


class PetitionsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_signatures(request.user)


# --- Dashboard ----------------------------------------------------------------------------------


class SignaturesPanel(Component):
    """Today's confirmed signatures, the flagged ones waiting for an editor (and how many
    of those have had no email yet), and what the ceiling refused in the last hour."""

    name = "petitions_signatures"
    template_name = "petitions/admin/signatures_panel.html"
    order = 60

    def get_context_data(self, parent_context=None):
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        waiting = awaiting_review(Signature.objects.all())
        return {
            "confirmed_today": Signature.objects.filter(
                status=Status.CONFIRMED, confirmed_at__gte=midnight
            ).count(),
            "awaiting_review": waiting.count(),
            "held": waiting.filter(confirmation_held=True, status=Status.PENDING).count(),
            "refused": refusals_in_last_hour(),
            "awaiting_review_url": awaiting_review_url(),
            "petitions_url": reverse(f"{PETITIONS_URL_NAMESPACE}:index"),
        }
