"""The canonical sponsors: name, kind, the supporting organisation each is, and counts."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import EditView, IndexView

from supporters import services as supporters_services

from ..models import Sponsor, SponsorRecord
from ..rules import DEFAULT_RULE_SET
from ..services import sponsors as services


class SponsorForm(WagtailAdminModelForm):
    """Name and kind, and the linked organisation chosen among the supporters' listings."""

    organisation = forms.ModelChoiceField(
        label=_("Supporting organisation"),
        queryset=None,
        required=False,
        help_text=_(
            "The supporters list shows this sponsor's record beside that organisation "
            "(once it is approved)."
        ),
    )

    class Meta:
        model = Sponsor
        fields = ["name", "sponsor_class", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = supporters_services.organisations_to_link()


class SponsorEditView(EditView):
    """Saves through trials.services: a rename recounts, a new link purges the supporters list."""

    def save_instance(self):
        data, sponsor, user = self.form.cleaned_data, self.object, self.request.user
        try:
            services.sponsor_update(
                sponsor=sponsor, name=data["name"], sponsor_class=data["sponsor_class"], user=user
            )
            organisation = data.get("organisation")
            services.sponsor_link_organisation(
                sponsor=sponsor,
                organisation_id=organisation.pk if organisation else None,
                user=user,
            )
        except ValidationError as error:  # the form checked the same; a race is all that is left
            raise forms.ValidationError(error.messages) from error
        self.new_revision = None
        return sponsor


class SponsorIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The default rule set's record of the sponsors on this page, in one query.
        ids = [sponsor.pk for sponsor in context["object_list"]]
        records = {
            record.sponsor_id: record
            for record in SponsorRecord.objects.filter(rule_set=DEFAULT_RULE_SET, sponsor__in=ids)
        }
        for sponsor in context["object_list"]:
            sponsor.default_record = records.get(sponsor.pk)
        return context


def _counts(sponsor) -> str:
    record = getattr(sponsor, "default_record", None)
    if record is None:
        return "—"
    percent = "—" if record.percent_reported is None else f"{record.percent_reported}%"
    return _("%(reported)s of %(due)s due reported (%(percent)s), %(overdue)s overdue") % {
        "reported": record.reported,
        "due": record.due,
        "percent": percent,
        "overdue": record.overdue,
    }


LIST_DISPLAY = [
    "name",
    Column("sponsor_class", label=_("Kind"), accessor="get_sponsor_class_display"),
    Column(
        "organisation",
        label=_("Supporting organisation"),
        accessor=lambda sponsor: sponsor.organisation.name if sponsor.organisation_id else "—",
    ),
    Column("counts", label=_("Record"), accessor=_counts),
]
