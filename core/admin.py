"""Admin plumbing every feature app shares: one permission policy, one report view, one filter.

- **Who may do what** is always the model's registered permission policy
  (`wagtail.permissions.policy_registry`), asked through `user_can`. Each app
  registers an `AdminPermissionPolicy` for its models in `wagtail_hooks.py`, naming
  the actions the admin never offers for them (nobody deletes a signature or edits
  a donation there), so the listing, its buttons, the reports and the dashboard
  panels all read the same answer.
- **A report or dashboard page** of our own (the petitions overview, a petition's
  report, the donation totals, the Gift Aid claim) is a `ReportView`: its title,
  header icon, the permission it needs (checked by Wagtail's public
  `PermissionCheckedMixin`, which refuses with 403), and the breadcrumb back to
  its app. The menu item that leads to it is a `ReportMenuItem`, shown to exactly
  the people the view lets in.
- **A bulk decision** (invalidate or accept signatures, approve or reject
  listings) is a Wagtail bulk action with `DecisionBulkActionMixin`: one
  permission check for the whole selection, the editor handed to the service,
  and one message after.
- **A yes/no shortcut in a listing's filters** ("awaiting review", "needs
  review", "not yet in Mailchimp", "Gift Aid") is a `SubsetFilter`: yes keeps the
  rows of a subset, no keeps the others, blank keeps all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

# --- Permissions ----------------------------------------------------------------------

#: Everything the admin could offer to write; a read-only model refuses them all.
WRITE_ACTIONS = frozenset({"add", "change", "delete", "publish", "lock", "unlock"})


class AdminPermissionPolicy(ModelPermissionPolicy):
    """The model's own permissions ("view signature", ...), minus the actions the admin never offers.

    `refused` names them: `AdminPermissionPolicy(Signature, refused={"add", "delete"})`.
    A refused action is refused to everyone, superusers included, because the rows
    it would write must come from elsewhere (the signing form, Stripe's events).
    Wagtail asks every other question (any of several actions, one instance)
    through `user_has_permission`, so the refusal holds everywhere.
    """

    def __init__(self, model, *, refused: Iterable[str]):
        super().__init__(model)
        self.refused = frozenset(refused)

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.refused]
        if not allowed:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(allowed)


def user_can(user, model: type[Model], *actions: str) -> bool:
    """Whether the model's registered policy lets this user take any of these actions."""
    return policy_registry.get_by_type(model).user_has_any_permission(user, list(actions))


# --- Reports ---------------------------------------------------------------------------


class PolicyPermissionMixin(PermissionCheckedMixin):
    """The permission of a report, or of a download that goes with it: Wagtail's check, 403 if not.

    `model` names the model whose policy decides; `any_permission_required` the
    actions, any of which lets a user in.
    """

    model: type[Model]
    any_permission_required: list[str] = ["view"]

    @classmethod
    def user_may_open(cls, user) -> bool:
        return user_can(user, cls.model, *cls.any_permission_required)


class ReportView(PolicyPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """An admin page of our own (figures, a chart, a claim) behind the model's permission policy.

    Subclasses set `template_name`, `page_title`, `header_icon`, `model` and
    `any_permission_required` (see `PolicyPermissionMixin`), and `parent_crumb`
    (URL name and label of the page they sit under) unless they are the top of
    their section.
    """

    parent_crumb: tuple[str, str] | None = None

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.parent_crumb:
            url_name, label = self.parent_crumb
            items.append({"url": reverse(url_name), "label": label})
        items.append({"url": "", "label": self.get_page_title()})
        return items


class ReportMenuItem(MenuItem):
    """A menu item shown to exactly the people its `report_view` lets in."""

    report_view: type[PolicyPermissionMixin]

    def is_shown(self, request):
        return self.report_view.user_may_open(request.user)


# --- Bulk decisions --------------------------------------------------------------------


class DecisionBulkActionMixin:
    """For a Wagtail bulk action that takes one decision on many rows through a service.

    The permission (`permission_required` on the model's policy) is checked once
    for the whole selection, before the confirmation page; the service it calls
    gets the editor as `user` in the execution context; the message after says
    how many rows were decided, e.g. "Approved 3 organisations."
    """

    permission_required = "change"
    #: Subclasses say what they did ("Approved") and name one row and several.
    done = ""
    noun = ""
    noun_plural = ""

    def user_may_decide(self, user) -> bool:
        return user_can(user, self.models[0], self.permission_required)

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may_decide(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, obj):
        return self.user_may_decide(self.request.user)

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        noun = ngettext(self.noun, self.noun_plural, num_parent_objects)
        return f"{self.done} {num_parent_objects} {noun}."


# --- Filters ---------------------------------------------------------------------------


class SubsetFilter(django_filters.BooleanFilter):
    """A yes/no filter over a named subset: yes keeps its rows, no keeps the others, blank all.

    `within(queryset)` narrows to the subset; `outside(queryset)` to the rest.
    """

    def __init__(
        self,
        *,
        within: Callable[[QuerySet], QuerySet],
        outside: Callable[[QuerySet], QuerySet],
        **kwargs,
    ):
        kwargs.setdefault("widget", BooleanRadioSelect)
        super().__init__(**kwargs)
        self.within = within
        self.outside = outside

    @classmethod
    def of(cls, subset: Callable[[], QuerySet], **kwargs) -> SubsetFilter:
        """For a subset a manager names: `SubsetFilter.of(Organisation.objects.needing_review)`."""
        return cls(within=in_subset(subset), outside=outside_subset(subset), **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return self.within(qs) if value else self.outside(qs)


def in_subset(subset: Callable[[], QuerySet]) -> Callable[[QuerySet], QuerySet]:
    """`within` for a subset a manager names (`Organisation.objects.needing_review`)."""
    return lambda queryset: queryset.filter(pk__in=subset().values("pk"))


def outside_subset(subset: Callable[[], QuerySet]) -> Callable[[QuerySet], QuerySet]:
    """`outside` for a subset a manager names."""
    return lambda queryset: queryset.exclude(pk__in=subset().values("pk"))
