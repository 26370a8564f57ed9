"""The registry imports, read only: what was read, when, and what was odd in it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn


def problems_text(registry_import) -> str:
    """The problems counted during an import, readably: "missing module: statusModule (3)"."""
    problems = registry_import.problems or {}
    if not isinstance(problems, dict) or not problems:
        return "—"
    ordered = sorted(problems.items(), key=lambda item: (-_as_int(item[1]), str(item[0])))
    return "; ".join(f"{name} ({count})" for name, count in ordered)


def _as_int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def counts_text(registry_import) -> str:
    return _(
        "%(read)s read: %(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
        "%(rejected)s rejected"
    ) % {
        "read": registry_import.studies_read,
        "created": registry_import.studies_created,
        "updated": registry_import.studies_updated,
        "unchanged": registry_import.studies_unchanged,
        "rejected": registry_import.studies_rejected,
    }


LIST_DISPLAY = [
    Column("source", label=_("Source"), accessor="get_source_display"),
    "label",
    DateColumn("started_at", label=_("Started"), sort_key="started_at"),
    Column("outcome", label=_("Outcome"), accessor="get_outcome_display", sort_key="outcome"),
    Column("counts", label=_("Studies"), accessor=counts_text),
    Column("problems", label=_("Problems"), accessor=problems_text),
]

INSPECT_FIELDS = [
    "source",
    "label",
    "outcome",
    "started_at",
    "finished_at",
    "data_timestamp",
    "api_version",
    "studies_read",
    "studies_created",
    "studies_updated",
    "studies_unchanged",
    "studies_rejected",
    "error",
]
