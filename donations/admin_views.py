"""The editors' side of donations in the Wagtail admin: lists, totals and the Gift Aid claim.

Donations and payments are read-only here: only Stripe's verified events move
money records, so the admin can filter, inspect and export them but never add,
edit or delete one (a refund is made in Stripe's dashboard and arrives by webhook).
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic.models import IndexView, InspectView

from core.admin import WRITE_ACTIONS, AdminPermissionPolicy, ReportMenuItem, ReportView, user_can
from core.spreadsheets import FormulaSafeExportMixin, defuse_formula

from . import selectors, services
from .giftaid import ClaimRow
from .models import Donation, StripeEvent


def read_only_permission_policy(model) -> AdminPermissionPolicy:
    """Viewing follows the model's 'view' permission; nobody adds, changes or deletes in the admin."""
    return AdminPermissionPolicy(model, refused=WRITE_ACTIONS)


def can_view_donations(user) -> bool:
    return user_can(user, Donation, "view")


class SafeCsvIndexView(FormulaSafeExportMixin, IndexView):
    """CSV exports where a donor's own words can never run as a spreadsheet formula."""


class DonationInspectView(InspectView):
    """One donation's details, with its Gift Aid declaration if the donor made one."""

    def get_gift_aid_display_value(self) -> str:
        # Most donations have no declaration: the reverse one-to-one then raises
        # instead of answering None, so ask before reading it.
        if not self.object.has_gift_aid:
            return gettext("No Gift Aid declaration")
        declaration = self.object.gift_aid
        declared = timezone.localtime(declaration.declared_at)
        return (
            f"{declaration} (declared {declared:%d %b %Y}, wording {declaration.wording.version})"
        )


def amount_column() -> Column:
    return Column(
        "amount_minor", label=_("Amount"), accessor="amount_display", sort_key="amount_minor"
    )


def status_column(primary: Callable[[Any], bool]) -> StatusTagColumn:
    """The status as a tag, highlighted (`primary`) where the money came in."""
    return StatusTagColumn(
        "status",
        label=_("Status"),
        accessor="get_status_display",
        sort_key="status",
        primary=primary,
    )


DONATION_LIST_DISPLAY = [
    Column("donor_label", label=_("Donor"), accessor="donor_label"),
    amount_column(),
    Column("currency", label=_("Currency"), sort_key="currency"),
    Column(
        "frequency", label=_("Frequency"), accessor="get_frequency_display", sort_key="frequency"
    ),
    status_column(primary=lambda donation: donation.status in ("paid", "active")),
    BooleanColumn("has_gift_aid", label=_("Gift Aid")),
    DateColumn("created_at", label=_("Started"), sort_key="created_at"),
]

PAYMENT_LIST_DISPLAY = [
    Column("donation", label=_("Donation"), accessor="donation"),
    amount_column(),
    status_column(primary=lambda payment: payment.status == "paid"),
    Column(
        "amount_refunded_minor",
        label=_("Refunded"),
        accessor=lambda payment: payment.refunded_display if payment.amount_refunded_minor else "",
        sort_key="amount_refunded_minor",
    ),
    DateColumn("paid_at", label=_("Paid"), sort_key="paid_at"),
]


# --- Totals -------------------------------------------------------------------------------


class DonationsReportView(ReportView):
    """A page of the Donations section: open to whoever may view donations."""

    model = Donation
    any_permission_required = ["view"]
    header_icon = "pick"
    parent_crumb = ("donations_donation:index", _("Donations"))


class TotalsView(DonationsReportView):
    """Money in by month and currency, refunds beside it, and the monthly donors giving now."""

    template_name = "donations/admin/totals.html"
    page_title = _("Donation totals")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "months": selectors.totals_by_month(months=24),
                "monthly": selectors.active_monthly_summary(),
                "donations_url": reverse("donations_donation:index"),
                "payments_url": reverse("donations_payment:index"),
            }
        )
        return context


# --- Gift Aid claim -----------------------------------------------------------------------


def _date_picker() -> forms.DateInput:
    # A browser's date input shows only an ISO date; the locale's 01/10/2026 leaves it blank.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClaimPeriodForm(forms.Form):
    start = forms.DateField(label=_("Paid from"), widget=_date_picker())
    end = forms.DateField(label=_("Paid up to and including"), widget=_date_picker())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end date must be on or after the start date."))
        return data


def can_mark_claimed(user) -> bool:
    """Marking a claim changes payments: it needs "change payment" (superusers have it)."""
    return user.has_perm("donations.change_payment")


class GiftAidClaimView(DonationsReportView):
    """HMRC's schedule of donations for a period, ready to paste into the claim spreadsheet."""

    template_name = "donations/admin/gift_aid_claim.html"
    page_title = _("Gift Aid claim")

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        if "start" in request.GET or "end" in request.GET:
            form = ClaimPeriodForm(request.GET)
        else:
            form = ClaimPeriodForm(initial={"start": today.replace(day=1), "end": today})
        include_claimed = request.GET.get("include_claimed") == "1"
        rows: list[ClaimRow] = []
        if form.is_bound and form.is_valid():
            rows = selectors.gift_aid_claim_rows(
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                include_claimed=include_claimed,
            )
            if request.GET.get("format") == "csv":
                return self._csv(rows, form.cleaned_data["start"], form.cleaned_data["end"])
        context = self.get_context_data(form=form, rows=rows, headings=ClaimRow.HEADINGS)
        context["total"] = f"{sum((Decimal(row.amount) for row in rows), Decimal('0')):,.2f}"
        context["include_claimed"] = include_claimed
        context["can_mark_claimed"] = (
            bool(rows) and not include_claimed and can_mark_claimed(request.user)
        )
        context["payment_ids"] = ",".join(str(row.payment_id) for row in rows)
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        """Mark the payments of a claim as claimed, once the editor has sent it to HMRC."""
        if not can_mark_claimed(request.user):
            raise PermissionDenied
        try:
            payment_ids = [int(part) for part in request.POST.get("payment_ids", "").split(",")]
        except ValueError:
            messages.error(
                request, gettext("Nothing was marked: the list of payments was not readable.")
            )
        else:
            marked = services.gift_aid_claim_mark(payment_ids=payment_ids, actor=request.user)
            messages.success(
                request,
                ngettext(
                    "Marked %(count)s payment as claimed. Later claims leave it out.",
                    "Marked %(count)s payments as claimed. Later claims leave them out.",
                    marked,
                )
                % {"count": marked},
            )
        query = {key: request.POST[key] for key in ("start", "end") if request.POST.get(key)}
        return redirect(f"{reverse('donations_gift_aid')}?{urlencode(query)}")

    @staticmethod
    def _csv(rows: list[ClaimRow], start: datetime.date, end: datetime.date) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="gift-aid-claim-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(ClaimRow.HEADINGS)
        for row in rows:
            # Names and addresses are the donor's own words.
            writer.writerow([defuse_formula(cell) for cell in row.as_list()])
        return response


class DonationsSwitchedOffNotice(Component):
    """The dashboard's warning, for every editor, while Stripe's keys are missing."""

    name = "donations_switched_off"
    template_name = "donations/admin/switched_off_panel.html"
    order = 5

    def get_context_data(self, parent_context=None):
        return {"message": services.SWITCHED_OFF_FOR_EDITORS}


class DonationsPanel(Component):
    """The dashboard's view of this month: money in by currency, monthly donors, stuck events."""

    name = "donations_this_month"
    template_name = "donations/admin/dashboard_panel.html"
    order = 60

    def get_context_data(self, parent_context=None):
        this_month = timezone.localdate().replace(day=1)
        return {
            "month_rows": [
                row for row in selectors.totals_by_month(months=1) if row.month == this_month
            ],
            "monthly": selectors.active_monthly_summary(),
            # Failed at least once and not yet processed: reconciliation will retry them.
            "unprocessed": StripeEvent.objects.filter(
                processed_at__isnull=True, attempts__gt=0
            ).count(),
            "totals_url": reverse("donations_totals"),
        }


class DonationsMenuItem(ReportMenuItem):
    report_view = DonationsReportView
