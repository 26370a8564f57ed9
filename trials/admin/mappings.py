"""The review queue of registry sponsor names, the review page, and confirming in bulk.

The list opens on the names waiting for review, the most trials first, each with
its suggestion. An editor confirms the suggestions of the selected rows in bulk,
or opens a name's review page to pick an existing sponsor, create a new one,
exclude the name, or reopen a decision. Every change is a POST through
trials.services.sponsors; opening a page never changes anything.
"""

from __future__ import annotations

from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView

from core.admin import DecisionBulkActionMixin, PolicyPermissionMixin

from ..models import Sponsor, SponsorClass, SponsorMapping
from ..names import normalise_sponsor_name
from ..services import sponsors as services
from .permissions import can_review_mappings

Review = SponsorMapping.Review
URL_NAMESPACE = "trials_mapping"
LIST_URL_NAME = f"{URL_NAMESPACE}:list"
REVIEW_URL_NAME = f"{URL_NAMESPACE}:edit"


class MappingFilterSet(WagtailFilterSet):
    """Opens on "Waiting for review"; choosing "All" shows every name."""

    review = django_filters.ChoiceFilter(
        label=_("Review"),
        choices=Review.choices,
        empty_label=pgettext_lazy("filter", "All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SponsorMapping
        fields = ["review"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "review" not in data:
            data = data.copy()
            data["review"] = Review.UNREVIEWED
        super().__init__(data, *args, **kwargs)


def confirm_suggestion_url(mapping: SponsorMapping, next_url: str = "") -> str:
    """The confirmation page of the bulk action, for this one name."""
    url = reverse(
        "wagtail_bulk_action",
        args=["trials", "sponsormapping", ConfirmSuggestedBulkAction.action_type],
    )
    query = [("id", mapping.pk)]
    if next_url:
        query.append(("next", next_url))
    return f"{url}?{urlencode(query)}"


class MappingIndexView(IndexView):
    def search_queryset(self, queryset):
        """The raw name contains the query (any case), or its normalised form does."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        condition = Q(raw_name__icontains=query)
        if folded := normalise_sponsor_name(query):
            condition |= Q(normalised_name__contains=folded)
        return queryset.filter(condition)

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("sponsor", "suggested_sponsor")

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if (
            can_review_mappings(self.request.user)
            and instance.review == Review.UNREVIEWED
            and instance.suggested_sponsor_id
        ):
            buttons.insert(
                0,
                MenuItem(
                    _("Confirm suggested sponsor"),
                    confirm_suggestion_url(instance, self.request.get_full_path()),
                    icon_name="check",
                    priority=1,
                ),
            )
        return buttons


def _sponsor_or_suggestion(mapping: SponsorMapping) -> str:
    if mapping.sponsor_id:
        return mapping.sponsor.name
    if mapping.suggested_sponsor_id:
        return _("Suggested: %(name)s") % {"name": mapping.suggested_sponsor.name}
    return "—"


LIST_DISPLAY = [
    "raw_name",
    StatusTagColumn(
        "review",
        label=_("Review"),
        accessor="get_review_display",
        sort_key="review",
        primary=lambda mapping: mapping.review == Review.UNREVIEWED,
    ),
    Column("trial_count", label=_("Trials"), sort_key="trial_count"),
    Column("sponsor", label=_("Sponsor"), accessor=_sponsor_or_suggestion),
    Column("sponsor_class", label=_("Registry class")),
    DateColumn("reviewed_at", label=_("Reviewed"), sort_key="reviewed_at"),
]


class MappingReviewForm(forms.Form):
    CONFIRM, NEW, EXCLUDE, REOPEN = "confirm", "new", "exclude", "reopen"

    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (CONFIRM, _("This name is an existing sponsor")),
            (NEW, _("This name is a new sponsor")),
            (EXCLUDE, _("Exclude: not a sponsor the tracker names")),
            (REOPEN, _("Reopen: back to waiting for review")),
        ],
        error_messages={"required": _("Choose what this name is.")},
    )
    sponsor = forms.ModelChoiceField(
        label=_("Existing sponsor"), queryset=Sponsor.objects.order_by("name"), required=False
    )
    new_name = forms.CharField(label=_("New sponsor's name"), max_length=300, required=False)
    new_class = forms.ChoiceField(
        label=_("New sponsor's kind"), choices=SponsorClass.choices, required=False
    )

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == self.CONFIRM and not data.get("sponsor"):
            self.add_error("sponsor", _("Choose the sponsor this name belongs to."))
        if decision == self.NEW and not (data.get("new_name") or "").strip():
            self.add_error("new_name", _("Enter the sponsor's name."))
        return data


class MappingReviewView(PolicyPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """A name's review page: what it is, its suggestion, and the decisions (POST only)."""

    model = SponsorMapping
    any_permission_required = ["view", "change"]
    template_name = "trials/admin/mapping_review.html"
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        self.mapping = get_object_or_404(
            SponsorMapping.objects.select_related("sponsor", "suggested_sponsor", "reviewed_by"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        # Not `form_class`: the viewset hands its own edit form to a view with that attribute.
        return MappingReviewForm

    def get_page_title(self):
        return _("Review a sponsor name")

    def get_page_subtitle(self):
        return self.mapping.raw_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(LIST_URL_NAME), "label": _("Sponsor mappings")},
            {"url": "", "label": self.mapping.raw_name},
        ]

    def get_initial(self):
        mapping = self.mapping
        return {
            "decision": MappingReviewForm.CONFIRM
            if (mapping.sponsor_id or mapping.suggested_sponsor_id)
            else MappingReviewForm.NEW,
            "sponsor": mapping.sponsor_id or mapping.suggested_sponsor_id,
            "new_name": mapping.raw_name,
            "new_class": mapping.sponsor_class
            if mapping.sponsor_class in SponsorClass.values
            else SponsorClass.UNKNOWN,
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "mapping": self.mapping,
            "may_decide": can_review_mappings(self.request.user),
            "list_url": reverse(LIST_URL_NAME),
        }

    def post(self, request, *args, **kwargs):
        if not can_review_mappings(request.user):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data, mapping, user = form.cleaned_data, self.mapping, self.request.user
        try:
            if data["decision"] == form.CONFIRM:
                services.mapping_confirm(mapping=mapping, sponsor=data["sponsor"], user=user)
            elif data["decision"] == form.NEW:
                services.mapping_confirm_new_sponsor(
                    mapping=mapping,
                    name=data["new_name"],
                    sponsor_class=data["new_class"] or SponsorClass.UNKNOWN,
                    user=user,
                )
            elif data["decision"] == form.EXCLUDE:
                services.mapping_exclude(mapping=mapping, user=user)
            else:
                services.mapping_reopen(mapping=mapping, user=user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(name)s” is now: %(review)s.")
            % {"name": mapping.raw_name, "review": mapping.get_review_display()},
        )
        return redirect(reverse(LIST_URL_NAME))


class ConfirmSuggestedBulkAction(DecisionBulkActionMixin, SnippetBulkAction):
    """Confirm each selected name, waiting for review, to its suggested sponsor."""

    models = [SponsorMapping]
    display_name = _("Confirm suggested sponsor")
    action_type = "confirm_suggested"
    aria_label = _("Confirm the suggested sponsor of the selected names")
    template_name = "trials/admin/confirm_suggested.html"
    action_priority = 10
    done = _("Confirmed")
    noun = "sponsor name"
    noun_plural = "sponsor names"

    @staticmethod
    def fits(mapping: SponsorMapping) -> bool:
        return mapping.review == Review.UNREVIEWED and mapping.suggested_sponsor_id is not None

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" acts on the review queue, never on the whole table.
        return SponsorMapping.objects.filter(
            review=Review.UNREVIEWED, suggested_sponsor__isnull=False
        ).values_list("pk", flat=True)

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        return [m for m in objects if self.fits(m)], {
            **extra,
            "items_not_applicable": [m for m in objects if not self.fits(m)],
        }

    def object_context(self, mapping):
        return {
            **super().object_context(mapping),
            "suggestion": mapping.suggested_sponsor.name if mapping.suggested_sponsor_id else "",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items_not_applicable"] = [
            self.object_context(mapping) for mapping in context["items_not_applicable"]
        ]
        return context

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return services.mappings_confirm_suggested(mappings=objects, user=user), 0
