"""Forms moderators fill in when they approve or reject listings in the admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Organisation
from ..models.organisations import REJECTION_NEEDS_REASON

NOTE_HELP = _(
    "Sent to the organisation's contact with the decision, and kept in the listing's history."
)


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
        error_messages={"required": REJECTION_NEEDS_REASON},
    )

    def clean_note(self) -> str:
        return Organisation.clean_rejection_note(self.cleaned_data["note"])
