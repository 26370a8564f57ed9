"""The signatures list, with filters and search, the inspect view, and no edit form."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import IndexView, InspectView

from ..models import Status
from .bulk_actions import bulk_action_buttons
from .display import display_email, display_name, flag_label, imported_label
from .filters import search_signatures
from .links import SIGNATURES_INSPECT_URL_NAME, export_url, report_url
from .permissions import can_view_signatures

LIST_DISPLAY = [
    "name",
    Column("email", label=_("Email"), accessor=display_email, sort_key="email"),
    Column("petition", label=_("Petition"), accessor=lambda signature: signature.petition.title),
    Column(
        "country",
        label=_("Country"),
        accessor=lambda signature: signature.country.name,
        sort_key="country",
    ),
    StatusTagColumn(
        "status",
        label=_("Status"),
        accessor="get_status_display",
        sort_key="status",
        primary=lambda signature: signature.status == Status.CONFIRMED,
    ),
    Column("flagged", label=_("Flagged"), accessor=flag_label, sort_key="flagged"),
    Column("imported_from", label=_("Imported"), accessor=imported_label),
    DateColumn("created_at", label=_("Signed"), sort_key="created_at"),
    DateColumn("confirmed_at", label=_("Confirmed"), sort_key="confirmed_at"),
]


class SignatureIndexView(IndexView):
    """The signatures, newest first, with filters, a database search and two bulk actions."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("petition", "imported_from")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_signatures(queryset, self.search_query)

    # Upgrade risk: `_get_title_column` is Wagtail's private builder of the listing's
    # title column (the first of list_display, with its link and row buttons); there
    # is no public way to give it an accessor. We rely on its signature
    # (field_name, column_class, **kwargs passed on to the column).
    # tests/test_wagtail_internals.py fails if it changes or our column goes missing.
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
                    _("Download these as CSV"),
                    url=export_url(self.filtered_petition_id, self.request.GET),
                    icon_name="download",
                    priority=20,
                )
            )
            buttons.append(
                Button(
                    _("Petition report"),
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
