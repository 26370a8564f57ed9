"""The addresses the petitions admin views link to one another with."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from .filters import AWAITING_REVIEW_PARAM

SIGNATURES_LIST_URL_NAME = "petitions_signature:list"
SIGNATURES_INSPECT_URL_NAME = "petitions_signature:inspect"
PETITIONS_URL_NAMESPACE = "petitions_admin"


def signatures_list_url(**filters) -> str:
    """The signatures list with these filters, e.g. `signatures_list_url(petition=3)`."""
    url = reverse(SIGNATURES_LIST_URL_NAME)
    return f"{url}?{urlencode(filters)}" if filters else url


def awaiting_review_url(petition_id: int | None = None) -> str:
    filters = {"petition": petition_id} if petition_id else {}
    return signatures_list_url(**filters, **{AWAITING_REVIEW_PARAM: "true"})


def report_url(petition_id: int) -> str:
    return reverse(f"{PETITIONS_URL_NAMESPACE}:report", args=[petition_id])


def export_url(
    petition_id: int, params: QueryDict | None = None, *, spreadsheet_format: str = "csv"
) -> str:
    """The download of a petition's signatures (CSV or XLSX), with a list's filters."""
    name = "export" if spreadsheet_format == "csv" else f"export_{spreadsheet_format}"
    url = reverse(f"{PETITIONS_URL_NAMESPACE}:{name}", args=[petition_id])
    if params:
        params = params.copy()
        for ignored in ("petition", "p", "ordering", "_w_filter_fragment", "export"):
            params.pop(ignored, None)
        if query := params.urlencode():
            return f"{url}?{query}"
    return url
