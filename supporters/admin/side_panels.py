"""Wagtail's status side panel on a listing's add and edit pages, without its "Live" line."""

from __future__ import annotations

from wagtail.admin.ui.components import MediaContainer
from wagtail.snippets.side_panels import SnippetStatusSidePanel


class OrganisationStatusSidePanel(SnippetStatusSidePanel):
    """Wagtail's side panel without its "Live" line: a listing's status is in the Moderation panel."""

    def get_status_templates(self, context):
        return [
            name
            for name in super().get_status_templates(context)
            if not name.endswith("/workflow.html")
        ]


class ModerationSidePanelsMixin:
    """Wagtail's side panels for a listing, with its status panel built as ours.

    `get_side_panels` is the hook Wagtail's create and edit views build their side
    panels in; each view says how it builds the status panel in
    `status_side_panel()`, with the arguments Wagtail's own view passes.
    """

    def status_side_panel(self) -> OrganisationStatusSidePanel:
        raise NotImplementedError

    def get_side_panels(self):
        return MediaContainer(
            self.status_side_panel() if type(panel) is SnippetStatusSidePanel else panel
            for panel in super().get_side_panels()
        )
