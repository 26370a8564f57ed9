"""Wagtail's status side panel on a listing's add and edit pages, without its "Live" line."""

from __future__ import annotations

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
    def get_side_panels(self):
        side_panels = super().get_side_panels()
        for panel in side_panels:
            if type(panel) is SnippetStatusSidePanel:
                panel.__class__ = OrganisationStatusSidePanel
        return side_panels
