"""Adding and editing a listing in the admin: its details only, never its status."""

from __future__ import annotations

from django.db import transaction
from django.utils.functional import cached_property
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView, EditView

from core.page_cache import clear_page_cache

from .. import services
from ..models import Organisation, Status
from .moderation import moderation_menu_items
from .side_panels import ModerationSidePanelsMixin, OrganisationStatusSidePanel

# Columns Organisation.save() derives from the name and website.
DERIVED_FIELDS = ("normalised_name", "website_domain", "sort_name", "letter", "updated_at")


def _form_field_names(form) -> list[str]:
    model_fields = {field.name for field in Organisation._meta.get_fields()}
    return [name for name in form.fields if name in model_fields]


class OrganisationCreateView(ModerationSidePanelsMixin, CreateView):
    """A moderator adds a listing: it starts awaiting review, with its first history row."""

    def status_side_panel(self):
        return OrganisationStatusSidePanel(
            self.form.instance,
            self.request,
            locale=self.locale,
            translations=self.translations,
            usage_url="" if self.usage_url_name else None,
        )

    def save_instance(self):
        data = {name: self.form.cleaned_data[name] for name in _form_field_names(self.form)}
        data.pop("possible_duplicate_of", None)  # the service looks for duplicates itself
        organisation = services.organisation_create(
            name=data.pop("name"),
            status=Status.AWAITING_REVIEW,
            actor=self.request.user,
            note="Added in the admin.",
            **data,
        )
        log(organisation, "wagtail.create", user=self.request.user)
        self.new_revision = None
        return organisation


class OrganisationEditView(ModerationSidePanelsMixin, EditView):
    """Moderators fix a listing's details; its status moves only through approve and reject."""

    def status_side_panel(self):
        return OrganisationStatusSidePanel(
            self.object,
            self.request,
            live_object=self.live_object,
            locale=self.locale,
            translations=self.translations,
            usage_url=self.get_usage_url(),
            history_url=self.get_history_url(),
            last_updated_info=self.get_last_updated_info(),
        )

    def save_instance(self):
        organisation = self.form.save(commit=False)
        # Only the fields on the form (and what save() derives from them), so a
        # decision taken while this form was open is never written back over.
        organisation.save(update_fields=[*_form_field_names(self.form), *DERIVED_FIELDS])
        self.form.save_m2m()
        log(
            organisation,
            "wagtail.edit",
            user=self.request.user,
            content_changed=self.form.has_changed(),
        )
        if organisation.is_public:
            transaction.on_commit(clear_page_cache)
            as_it_was = Organisation(
                country=self.form.initial.get("country") or "",
                category=self.form.initial.get("category") or "",
            )
            services.public_list_purge(organisations=[organisation, as_it_was])
        self.new_revision = None
        return organisation

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for item in moderation_menu_items(self.object, self.request.user, self.get_edit_url()):
            buttons.append(Button.from_menu_item(item))
        return buttons
