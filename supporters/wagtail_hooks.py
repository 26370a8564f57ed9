"""The Supporters menu in the Wagtail admin: list, moderation, export, dashboard count.

Permissions are the standard model ones: "view organisation" reads the list and
exports it, "change organisation" also approves, rejects and edits. Wagtail's own
"Moderators" group has both (migration supporters 0002), and its members get the
emails about new registrations.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin import user_can

from .admin.bulk_actions import ApproveBulkAction, RejectBulkAction
from .admin.dashboard import NeedsReviewPanel
from .admin.editing import OrganisationCreateView, OrganisationEditView
from .admin.filters import OrganisationFilterSet
from .admin.listing import LIST_DISPLAY, OrganisationIndexView
from .admin.moderation_panel import ModerationPanel
from .models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Supporters")
    menu_order = 200
    add_to_admin_menu = True
    # The moderators' email links here.
    url_prefix = "supporters/organisation"
    url_namespace = "supporters_organisation"

    index_view_class = OrganisationIndexView
    add_view_class = OrganisationCreateView
    edit_view_class = OrganisationEditView
    copy_view_enabled = False

    list_display = LIST_DISPLAY
    filterset_class = OrganisationFilterSet
    ordering = "sort_name"
    list_per_page = 50
    # Searched in the database (name, ignoring case and accents): see OrganisationIndexView.
    search_fields = ["name"]
    search_backend_name = None

    list_export = [
        "name",
        "website",
        "country.name",
        "get_category_display",
        "get_status_display",
        "approved_at",
        "contact_name",
        "contact_email",
        "contact_role",
    ]
    # Column names stay English in every admin language: scripts read these files.
    export_headings = {
        "country.name": "Country",
        "get_category_display": "Category",
        "get_status_display": "Status",
        "approved_at": "Approved at",
    }
    export_filename = "supporters"

    # No status, approval date or pending changes here: those move only through
    # approve and reject, so every change of status has its history row.
    panels = [
        ModerationPanel(heading=_("Moderation")),
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("website"),
                FieldPanel("country"),
                FieldPanel("category"),
                FieldPanel("logo"),
                FieldPanel("statement"),
                FieldPanel("contact_page"),
            ],
            heading=_("Public listing"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_role")],
            heading=_("Contact (private)"),
        ),
        FieldPanel(
            "possible_duplicate_of",
            heading=_("Possible duplicate of"),
            help_text=_(
                "Clear this once you have checked the listings are different organisations."
            ),
        ),
    ]


register_snippet(OrganisationViewSet)


hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", RejectBulkAction)


@hooks.register("construct_homepage_panels")
def add_needs_review_panel(request, panels):
    if user_can(request.user, Organisation, "view", "change"):
        panels.append(NeedsReviewPanel())
