"""The admin's "Operations" panel: the figures of GET /healthz/status/, for superusers."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.ui.components import Component

from .health import health_status


class OperationsPanel(Component):
    """Queues, failed tasks, backlogs and the scheduler, with what needs an operator now.

    Superusers only: it is the same operational detail the status endpoint keeps
    behind a token.
    """

    name = "core_operations"
    template_name = "core/admin/operations_panel.html"
    order = 300

    def get_context_data(self, parent_context=None):
        status = health_status()
        return {
            "healthy": status.healthy,
            "problems": status.problems,
            "queues": status.figures.get("queues", {}),
            "jobs": status.figures.get("scheduler", {}),
            "backlogs": status.figures.get("backlogs", {}),
        }


@hooks.register("construct_homepage_panels")
def add_operations_panel(request, panels):
    if request.user.is_superuser:
        panels.append(OperationsPanel())
