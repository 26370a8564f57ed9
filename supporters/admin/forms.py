"""Forms moderators fill in when they approve or reject listings in the admin."""

from django import forms

NOTE_HELP = (
    "Sent to the organisation's contact with the decision, and kept in the listing's history."
)


class ApproveForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
        error_messages={"required": "Give a reason: the contact reads it with the decision."},
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(
                self.fields["note"].error_messages["required"], code="required"
            )
        return note
