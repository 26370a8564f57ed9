"""The Trials tracker menu in the Wagtail admin: sponsor mappings, sponsors, registry imports.

- "Sponsor mappings" opens on the registry names waiting for review, the most
  trials first, with each one's suggestion; confirm suggestions in bulk or open a
  name to pick a sponsor, create one, exclude it or reopen it.
- "Sponsors" lists the canonical sponsors with their record, and edits a sponsor's
  name, kind and linked supporting organisation.
- "Registry imports" lists every import, read only.

Permissions are the standard model ones (see admin/permissions.py): "change sponsor
mapping" reviews names, "change sponsor" edits sponsors.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin import imports, mappings, sponsors
from .admin.dashboard import MappingsToReviewPanel
from .admin.permissions import (
    can_view_mappings,
    import_permission_policy,
    mapping_permission_policy,
    sponsor_permission_policy,
)
from .models import RegistryImport, Sponsor, SponsorMapping

register_permission_policy(SponsorMapping, mapping_permission_policy())
register_permission_policy(Sponsor, sponsor_permission_policy())
register_permission_policy(RegistryImport, import_permission_policy())


class SponsorMappingViewSet(SnippetViewSet):
    model = SponsorMapping
    icon = "tag"
    menu_label = _("Sponsor mappings")
    url_prefix = "trials/mappings"
    url_namespace = mappings.URL_NAMESPACE
    index_view_class = mappings.MappingIndexView
    # The "edit" page is the review page: decisions go through the services.
    edit_view_class = mappings.MappingReviewView
    copy_view_enabled = False
    list_display = mappings.LIST_DISPLAY
    filterset_class = mappings.MappingFilterSet
    ordering = ["-trial_count", "raw_name"]
    list_per_page = 50
    search_fields = ["raw_name"]
    search_backend_name = None
    panels = []


class SponsorViewSet(SnippetViewSet):
    model = Sponsor
    icon = "group"
    menu_label = _("Sponsors")
    url_prefix = "trials/sponsors"
    url_namespace = "trials_sponsor"
    index_view_class = sponsors.SponsorIndexView
    edit_view_class = sponsors.SponsorEditView
    copy_view_enabled = False
    list_display = sponsors.LIST_DISPLAY
    ordering = "name"
    list_per_page = 50
    search_fields = ["name"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return sponsors.SponsorForm


class RegistryImportViewSet(SnippetViewSet):
    model = RegistryImport
    icon = "download"
    menu_label = _("Registry imports")
    url_prefix = "trials/imports"
    url_namespace = "trials_import"
    list_display = imports.LIST_DISPLAY
    inspect_view_enabled = True
    inspect_view_fields = imports.INSPECT_FIELDS
    copy_view_enabled = False
    ordering = "-started_at"
    list_per_page = 50
    panels = []


class TrialsGroup(SnippetViewSetGroup):
    menu_label = _("Trials tracker")
    menu_icon = "table"
    menu_order = 240
    items = (SponsorMappingViewSet, SponsorViewSet, RegistryImportViewSet)


register_snippet(TrialsGroup)

hooks.register("register_bulk_action", mappings.ConfirmSuggestedBulkAction)


@hooks.register("construct_homepage_panels")
def add_mappings_panel(request, panels):
    if can_view_mappings(request.user):
        panels.append(MappingsToReviewPanel())
