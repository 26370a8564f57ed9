"""The petitions overview and one petition's report (its export: exports.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.admin import ReportMenuItem, ReportView, user_can

from ..counts import petition_tally
from ..history import history_chart, licence
from ..milestones import milestones_for_page
from ..models import PetitionPage, Signature, SignatureImport, Status, source_petitions
from .attribution import attribution_context
from .charts import CHART_HEIGHT, CHART_WIDTH, chart_bars, signatures_per_day
from .links import (
    PETITIONS_URL_NAMESPACE,
    awaiting_review_url,
    export_url,
    report_url,
    signatures_list_url,
)


class PetitionsReportView(ReportView):
    """A page of the Petitions section: open to whoever may view or review signatures."""

    model = Signature
    any_permission_required = ["view", "change"]
    header_icon = "list-ul"
    parent_crumb = (f"{PETITIONS_URL_NAMESPACE}:index", "Petitions")


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


STATE_LABELS = {
    "open": pgettext_lazy("petition state", "Open"),
    "closed": pgettext_lazy("petition state", "Closed"),
    "not-open-yet": pgettext_lazy("petition state", "Not open yet"),
}


class PetitionIndexView(PetitionsReportView):
    """Every petition at a glance: open or closed, its public count, and what waits for an editor."""

    template_name = "petitions/admin/petition_index.html"
    page_title = _("Petitions")
    parent_crumb = None  # the top of the section

    def rows(self) -> list[PetitionRow]:
        # A translation's signatures are its source's: one row per petition.
        petitions = list(source_petitions().order_by("-first_published_at", "title"))
        # Both figures for every petition in one grouped query, over the rows that matter.
        waiting = {
            row["petition_id"]: row
            for row in Signature.objects.filter(
                Q(status=Status.PENDING) | Signature.objects.awaiting_review_q()
            )
            .order_by()
            .values("petition_id")
            .annotate(
                pending=Count("id", filter=Q(status=Status.PENDING)),
                flagged=Count("id", filter=Signature.objects.awaiting_review_q()),
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


class PetitionReportView(PetitionsReportView):
    """One petition's figures: by status, per day (a chart), by country, with links onward."""

    template_name = "petitions/admin/petition_report.html"
    page_title = _("Petition report")

    @cached_property
    def petition(self) -> PetitionPage:
        page = get_object_or_404(PetitionPage, pk=self.kwargs["petition_id"])
        return page.petition_for_signatures()

    def get_page_title(self):
        return gettext("Report: %(title)s") % {"title": self.petition.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        petition = self.petition
        totals = Signature.objects.filter(petition=petition).aggregate(
            total=Count("id"),
            pending=Count("id", filter=Q(status=Status.PENDING)),
            confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
            invalid=Count("id", filter=Q(status=Status.INVALID)),
            awaiting_review=Count("id", filter=Signature.objects.awaiting_review_q()),
            imported=Count("id", filter=Q(imported_from__isnull=False)),
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
                "xlsx_export_url": export_url(petition.pk, spreadsheet_format="xlsx"),
                "count_mode": petition.get_count_mode_display(),
                "imports": list(SignatureImport.objects.filter(petition=petition)[:10]),
                "import_url": (
                    reverse(f"{PETITIONS_URL_NAMESPACE}:import", args=[petition.pk])
                    if user_can(self.request.user, SignatureImport, "add")
                    else ""
                ),
                "imported_url": signatures_list_url(petition=petition.pk, imported="true"),
            }
        )
        # The count over time against the goal: the chart the petition page shows.
        context["history_chart"] = history_chart(petition, tally)
        context["history_licence"] = licence()
        context.update(attribution_context(petition))
        context.update(milestones_for_page(petition, tally.total))
        return context


class PetitionsMenuItem(ReportMenuItem):
    report_view = PetitionIndexView
