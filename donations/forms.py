"""The donate form: amount, currency and frequency, the donor, and an optional Gift Aid declaration."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotField, HoneypotMixin, SpecificErrorsMixin

from . import giftaid
from .models import CurrencyOption, Frequency
from .money import AmountError, format_money, parse_amount, to_minor

OTHER = "other"


def _money(value: Decimal, option: CurrencyOption) -> str:
    return format_money(to_minor(value), option.code)


class DonateForm(SpecificErrorsMixin, HoneypotMixin, forms.Form):
    """Checks everything before a donation is recorded or Stripe is asked for anything.

    The amount is one of the page's presets or an amount of the donor's own,
    within the chosen currency's minimum and maximum. Gift Aid needs the details
    HMRC's claim schedule asks for and is offered on pounds sterling only.
    """

    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.ONE_OFF,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how often to give: once, or monthly."),
            "invalid_choice": _("Choose how often to give: once, or monthly."),
        },
    )
    # Asked once, by the page's "Give in" links above the form (the preset amounts are
    # in that currency); the form carries the choice.
    currency = forms.ChoiceField(
        label=_("Currency"),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose the currency to give in."),
            "invalid_choice": _(
                "We cannot take %(value)s here: choose one of the currencies offered above."
            ),
        },
    )
    # Any amount is accepted (checked against the chosen currency's limits below):
    # the buttons are suggestions, shown in the currency the page was opened in.
    amount = forms.CharField(
        label=_("Amount"),
        widget=forms.RadioSelect,
        max_length=20,
        error_messages={"required": _("Choose an amount, or Other amount and type it in.")},
    )
    other_amount = forms.CharField(
        label=_("Your own amount"),
        help_text=_("If you chose Other amount."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("For your receipt."),
        error_messages={"required": _("Enter your email address, so we can send your receipt.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    gift_aid = forms.BooleanField(
        label=_("Yes, I am a UK taxpayer and want to add Gift Aid"),
        required=False,
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=giftaid.TITLE_MAX,
        help_text=_("For example Mr, Ms, Dr."),
    )
    first_name = forms.CharField(label=_("First name"), required=False, max_length=giftaid.NAME_MAX)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=giftaid.NAME_MAX)
    address = forms.CharField(
        label=_("Home address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text=_("Your home address, not a work address; start with the house name or number."),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )

    website = HoneypotField()  # core/forms.py: a filled one is a bot

    #: Needed for a Gift Aid claim, and only then: required when Gift Aid is ticked.
    GIFT_AID_REQUIRED = {
        "first_name": _("Enter your first name for Gift Aid."),
        "last_name": _("Enter your last name for Gift Aid."),
        "address": _("Enter your home address for Gift Aid: HMRC needs it to accept the claim."),
        "postcode": _("Enter your UK postcode for Gift Aid."),
    }

    def __init__(
        self,
        *args,
        options: list[CurrencyOption],
        allow_monthly: bool = True,
        selected_currency: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # Shown as required (they are, for Gift Aid); checked only when Gift Aid is ticked.
        wants_gift_aid = not self.is_bound or self.fields["gift_aid"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("gift_aid")
        )
        for name, message in self.GIFT_AID_REQUIRED.items():
            self.fields[name].required = wants_gift_aid
            self.fields[name].error_messages["required"] = message
        self.options = {option.code: option for option in options}
        self.fields["currency"].choices = [(code, code) for code in self.options]
        if not allow_monthly:
            self.fields["frequency"].choices = [(Frequency.ONE_OFF, Frequency.ONE_OFF.label)]
        chosen = (
            selected_currency.upper()
            if selected_currency.upper() in self.options
            else options[0].code
        )
        self.fields["currency"].initial = chosen
        self.shown_option = self.options[chosen]
        presets = [
            (str(value), _money(value, self.shown_option)) for value in self.shown_option.presets
        ]
        self.fields["amount"].widget.choices = [*presets, (OTHER, gettext("Other amount"))]
        self.fields["amount"].initial = presets[min(1, len(presets) - 1)][0] if presets else OTHER

    @property
    def offers_gift_aid(self) -> bool:
        """Gift Aid is asked about only when giving in pounds sterling."""
        return self.shown_option.code == giftaid.ELIGIBLE_CURRENCY

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].upper()

    def clean_postcode(self) -> str:
        return giftaid.normalise_postcode(self.cleaned_data.get("postcode", ""))

    def clean(self):
        data = super().clean()
        option = self.options.get(data.get("currency", ""))
        if option is not None:
            self._clean_amount(data, option)
        if data.get("gift_aid"):
            self._clean_gift_aid(data)
        if data.get("frequency") == Frequency.MONTHLY and Frequency.MONTHLY not in dict(
            self.fields["frequency"].choices
        ):
            self.add_error("frequency", gettext("Monthly giving is not offered here."))
        return data

    def _clean_amount(self, data: dict, option: CurrencyOption) -> None:
        choice = data.get("amount")
        if not choice:
            return  # already reported as required
        text = data.get("other_amount", "") if choice == OTHER else choice
        field = "other_amount" if choice == OTHER else "amount"
        try:
            value = parse_amount(text)
        except AmountError as error:
            self.add_error(field, str(error) if choice == OTHER else gettext("Choose an amount."))
            return
        if value < option.minimum:
            self.add_error(
                field,
                gettext("The smallest donation we can take in %(currency)s is %(amount)s.")
                % {"currency": option.code, "amount": _money(option.minimum, option)},
            )
        elif value > option.maximum:
            self.add_error(
                field,
                gettext(
                    "The largest donation this form can take in %(currency)s is %(amount)s. "
                    "For a larger gift, please contact us."
                )
                % {"currency": option.code, "amount": _money(option.maximum, option)},
            )
        else:
            data["amount_minor"] = to_minor(value)

    def _clean_gift_aid(self, data: dict) -> None:
        if data.get("currency") and data["currency"] != giftaid.ELIGIBLE_CURRENCY:
            self.add_error(
                "gift_aid",
                gettext(
                    "Gift Aid applies only to donations in pounds sterling (GBP). "
                    "Choose GBP, or untick Gift Aid."
                ),
            )
        for name in ("first_name", "last_name"):
            value = (data.get(name) or "").strip()
            if value and not giftaid.NAME_RE.match(value):
                self.add_error(
                    name, gettext("Use letters only (hyphens, apostrophes and spaces are fine).")
                )
        title = (data.get("title") or "").strip().rstrip(".")
        if title and not title.isalpha():
            self.add_error(
                "title", gettext("Use letters only, at most four, for example Mr, Mrs, Ms or Dr.")
            )
        data["title"] = title
        postcode = data.get("postcode") or ""
        if postcode and not giftaid.is_uk_postcode(postcode):
            self.add_error("postcode", gettext("Enter a UK postcode, like SW1A 1AA."))
        address = (data.get("address") or "").strip()
        if address and not giftaid.house_name_or_number(address):
            self.add_error("address", gettext("Start your address with your house name or number."))
