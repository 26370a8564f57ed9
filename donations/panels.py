"""Panels on the donate page's edit view."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import HelpPanel


class DonationsSwitchedOffPanel(HelpPanel):
    """A warning at the top of the donate page's editor while Stripe's keys are missing,
    so an editor knows the page cannot take money before they publish it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Donations are switched off"))
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            # Read when the editor opens the page (models import before services can).
            from .services import SWITCHED_OFF_FOR_EDITORS

            self.content = format_html(
                '<div class="help-block help-warning" data-donations-switched-off><p>{}</p></div>',
                SWITCHED_OFF_FOR_EDITORS,
            )

        def is_shown(self) -> bool:
            from .services import donations_enabled

            return not donations_enabled()
