"""The Petitions menu in the Wagtail admin: petitions with their reports, signatures, dashboard.

- "Petitions" lists every petition (open or closed, the public count, what waits
  for review) and leads to each one's report (figures by status, a chart per day,
  the count by country) and its export (streamed CSV, or XLSX).
- "Signatures" lists, filters and searches the signatures, and invalidates or
  accepts flagged ones in bulk.
- Each petition's report leads to "Import signatures" (a CSV of signatures
  collected before this site, see admin/imports.py), for editors with the "add
  signature import" permission.

Permissions are the standard model ones (see admin/permissions.py); Wagtail's own
"Moderators" group has "view signature" and "change signature" (migration
petitions 0002).
"""

from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin.bulk_actions import AcceptBulkAction, InvalidateBulkAction
from .admin.dashboard import SignaturesPanel
from .admin.exports import SignatureExportView
from .admin.filters import SignatureFilterSet
from .admin.imports import (
    SignatureImportResultView,
    SignatureImportView,
    import_permission_policy,
)
from .admin.links import PETITIONS_URL_NAMESPACE
from .admin.permissions import can_view_signatures, signature_permission_policy
from .admin.reports import (
    PetitionIndexView,
    PetitionReportView,
    PetitionsMenuItem,
)
from .admin.signatures import (
    LIST_DISPLAY,
    SignatureEditView,
    SignatureIndexView,
    SignatureInspectView,
)
from .models import Signature, SignatureImport

register_permission_policy(Signature, signature_permission_policy())
register_permission_policy(SignatureImport, import_permission_policy())


class PetitionsViewSet(ViewSet):
    """The petitions overview, each petition's report and its CSV export."""

    name = PETITIONS_URL_NAMESPACE
    url_prefix = "petitions"
    icon = "list-ul"
    menu_label = "Petitions"
    menu_item_class = PetitionsMenuItem

    def get_urlpatterns(self):
        return [
            path("", PetitionIndexView.as_view(), name="index"),
            path("<int:petition_id>/", PetitionReportView.as_view(), name="report"),
            path("<int:petition_id>/signatures.csv", SignatureExportView.as_view(), name="export"),
            path(
                "<int:petition_id>/signatures.xlsx",
                SignatureExportView.as_view(spreadsheet_format="xlsx"),
                name="export_xlsx",
            ),
            path("<int:petition_id>/import/", SignatureImportView.as_view(), name="import"),
            path("imports/<int:pk>/", SignatureImportResultView.as_view(), name="import_result"),
        ]


class SignatureViewSet(SnippetViewSet):
    model = Signature
    icon = "form"
    menu_label = "Signatures"
    url_prefix = "petitions/signatures"
    url_namespace = "petitions_signature"

    index_view_class = SignatureIndexView
    index_template_name = "petitions/admin/signature_index.html"
    inspect_view_class = SignatureInspectView
    inspect_view_enabled = True
    # Signatures are never typed in or edited by hand (see admin/signatures.py).
    edit_view_class = SignatureEditView
    copy_view_enabled = False
    panels = []

    list_display = LIST_DISPLAY
    filterset_class = SignatureFilterSet
    ordering = "-created_at"
    list_per_page = 50
    # Searched in the database (name or email contains): see SignatureIndexView.
    search_fields = ["name", "email"]
    search_backend_name = None

    inspect_view_fields = [
        "petition",
        "name",
        "email",
        "country",
        "postcode",
        "comment",
        "show_name",
        "wants_updates",
        "status",
        "flagged",
        "flag_reason",
        "confirmation_held",
        "reviewed_at",
        "reviewed_by",
        "created_at",
        "confirmed_at",
        "erased_at",
        "consent",
        "consent_given_at",
        "source_url",
        "updates_consent",
        "imported_from",
    ]


class PetitionsGroup(SnippetViewSetGroup):
    menu_label = "Petitions"
    menu_icon = "list-ul"
    menu_order = 220
    items = (PetitionsViewSet, SignatureViewSet)


register_snippet(PetitionsGroup)


hooks.register("register_bulk_action", AcceptBulkAction)
hooks.register("register_bulk_action", InvalidateBulkAction)


@hooks.register("construct_homepage_panels")
def add_signatures_panel(request, panels):
    if can_view_signatures(request.user):
        panels.append(SignaturesPanel())
