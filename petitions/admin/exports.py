"""A petition's signatures as a spreadsheet: CSV (streamed) or XLSX, narrowed by the list's filters.

Wagtail's listing export (`SpreadsheetExportMixin`) with the site's formula-safe,
streaming CSV (`core.spreadsheets.FormulaSafeExportMixin`): the same small memory
for ten signatures or a million, one query, and no cell a signer typed (a name, a
comment, a postcode) ever runs as a formula. Oldest signature first.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.views.generic import View
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from core.admin import PolicyPermissionMixin
from core.spreadsheets import FormulaSafeExportMixin

from ..models import PetitionPage
from .filters import filtered_signatures
from .reports import PetitionsReportView


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


#: (field, heading). The country is written twice, as a name for people and as a
#: code for mail merges.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Name"),
    ("email", "Email"),
    ("country.name", "Country"),
    ("country.code", "Country code"),
    ("postcode", "Postcode"),
    ("comment", "Comment"),
    ("show_name", "Show name"),
    ("wants_updates", "Wants updates"),
    ("get_status_display", "Status"),
    ("flagged", "Flagged"),
    ("flag_reason", "Flag reason"),
    ("created_at", "Signed at"),
    ("confirmed_at", "Confirmed at"),
    ("consent.version", "Consent version"),
    ("language", "Language"),
    ("source_url", "Source page"),
    ("imported_source", "Imported from"),
)
HEADINGS = [heading for _field, heading in COLUMNS]

_BOTH = (SpreadsheetExportMixin.FORMAT_CSV, SpreadsheetExportMixin.FORMAT_XLSX)
_YES_NO = {
    field: dict.fromkeys(_BOTH, _yes_no) for field in ("show_name", "wants_updates", "flagged")
}
# In CSV a time is written in the site's time zone; XLSX keeps Wagtail's date cells.
_TIMES = {
    field: {SpreadsheetExportMixin.FORMAT_CSV: _when} for field in ("created_at", "confirmed_at")
}


class SignatureExportView(
    FormulaSafeExportMixin, SpreadsheetExportMixin, PolicyPermissionMixin, View
):
    """`/admin/petitions/<id>/signatures.csv` (or `.xlsx`), with the signatures list's
    query string: its filters and search, the petition in the address winning over
    one in the query. A filter that does not parse exports nothing, never everything."""

    model = PetitionsReportView.model
    any_permission_required = PetitionsReportView.any_permission_required
    list_export = [field for field, _heading in COLUMNS]
    export_headings = dict(COLUMNS)
    custom_field_preprocess = {**_YES_NO, **_TIMES}
    csv_for_excel = True
    spreadsheet_format = SpreadsheetExportMixin.FORMAT_CSV

    def get(self, request, petition_id: int):
        petition = PetitionPage.objects.filter(pk=petition_id).first()
        if petition is None:
            raise Http404
        self.petition = petition.petition_for_signatures()
        return self.as_spreadsheet(self.signatures(), self.spreadsheet_format)

    def signatures(self) -> QuerySet:
        params = self.request.GET.copy()
        params["petition"] = str(self.petition.pk)
        return (
            filtered_signatures(params)
            .select_related("consent", "imported_from")
            .order_by("created_at", "pk")
        )

    def get_filename(self) -> str:
        return f"signatures-{self.petition.slug}-{timezone.localtime():%Y%m%d-%H%M}"
