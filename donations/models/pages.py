"""The donate page: amounts editors choose, the form, and Stripe's way back to us."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models import SitePage

from ..money import (
    CURRENCIES,
    DEFAULT_MAXIMUM,
    DEFAULT_MINIMUM,
    DEFAULT_PRESETS,
    AmountError,
    parse_amount,
)
from ..panels import DonationsSwitchedOffPanel


@dataclass(frozen=True)
class CurrencyOption:
    """One currency as the form offers it: preset buttons and the allowed range."""

    code: str
    symbol: str
    presets: tuple[Decimal, ...]
    minimum: Decimal
    maximum: Decimal


def parse_presets(text: str) -> list[Decimal]:
    """'5, 10, 25' -> [5.00, 10.00, 25.00]; raises AmountError on anything else."""
    return [parse_amount(part) for part in (text or "").split(",") if part.strip()]


class DonateCurrency(Orderable):
    """One currency offered on a donate page, with its presets and limits.

    Minimum and maximum are set per currency, because ten pounds and ten dollars
    are not the same gift and card fees eat small gifts in every currency.
    """

    page = ParentalKey("donations.DonatePage", related_name="currencies", on_delete=models.CASCADE)
    currency = models.CharField(max_length=3, choices=[(code, code) for code in CURRENCIES])
    presets = models.CharField(
        max_length=100,
        default="5, 10, 25, 50",
        help_text="Amounts offered as buttons, separated by commas, e.g. 5, 10, 25, 50.",
    )
    minimum = models.DecimalField(max_digits=9, decimal_places=2, default=DEFAULT_MINIMUM)
    maximum = models.DecimalField(max_digits=9, decimal_places=2, default=DEFAULT_MAXIMUM)

    panels = [
        FieldRowPanel([FieldPanel("currency"), FieldPanel("minimum"), FieldPanel("maximum")]),
        FieldPanel("presets"),
    ]

    def clean(self):
        errors = {}
        if self.minimum is not None and self.minimum < Decimal("0.50"):
            # Stripe refuses card charges below about 50p / 50 cents.
            errors["minimum"] = "Stripe cannot take less than 0.50."
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            errors["maximum"] = "The maximum must be at least the minimum."
        try:
            presets = parse_presets(self.presets)
        except AmountError as error:
            errors["presets"] = f"{error} Separate amounts with commas."
        else:
            if not presets:
                errors["presets"] = "Give at least one amount."
            elif (
                self.minimum is not None
                and self.maximum is not None
                and any(not self.minimum <= value <= self.maximum for value in presets)
            ):
                errors["presets"] = "Every preset must lie between the minimum and the maximum."
        if errors:
            raise ValidationError(errors)

    def as_option(self) -> CurrencyOption:
        return CurrencyOption(
            code=self.currency,
            symbol=CURRENCIES[self.currency],
            presets=tuple(parse_presets(self.presets)),
            minimum=self.minimum,
            maximum=self.maximum,
        )


def default_currency_options() -> list[CurrencyOption]:
    return [
        CurrencyOption(
            code=code,
            symbol=symbol,
            presets=tuple(
                Decimal(value).quantize(Decimal("0.01")) for value in DEFAULT_PRESETS[code]
            ),
            minimum=DEFAULT_MINIMUM,
            maximum=DEFAULT_MAXIMUM,
        )
        for code, symbol in CURRENCIES.items()
    ]


class DonatePage(RoutablePageMixin, SitePage):
    """Where the public gives, once or monthly, by Stripe's hosted Checkout.

    The page holds no card details: pressing Donate records a pending donation
    and sends the donor to Stripe. Stripe sends them back to `thanks/` or
    `cancelled/`, and tells us separately, by a signed webhook, what was paid.
    """

    intro = models.TextField(blank=True, help_text="Why give, shown above the form.")
    charity_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The name on Gift Aid declarations and receipts. Defaults to the site's name.",
    )
    allow_monthly = models.BooleanField(default=True, help_text="Offer monthly giving.")
    thank_you_text = models.TextField(
        blank=True, help_text="Shown on the page donors return to after paying."
    )

    content_panels = [
        DonationsSwitchedOffPanel(),
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                InlinePanel(
                    "currencies",
                    label="Currency",
                    help_text="Leave empty to offer GBP, EUR and USD with 5, 10, 25 and 50, "
                    "from 2 to 10,000.",
                ),
                FieldPanel("allow_monthly"),
            ],
            heading="Amounts",
        ),
        FieldPanel("charity_name"),
        FieldPanel("thank_you_text"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    header_button_target = True  # the header's Donate button (donations/calls_to_action.py)

    @property
    def listing_summary(self) -> str:
        return self.intro

    def is_offered(self) -> bool:
        """Only while payments are set up: until then the page says donations are not
        set up yet, so no menu, button or call to action leads to it."""
        from ..stripe_gateway import stripe_is_configured

        return stripe_is_configured()

    def clean(self):
        super().clean()
        codes = [row.currency for row in self.currencies.all()]
        if len(codes) != len(set(codes)):
            raise ValidationError("Each currency may be listed once.")

    def currency_options(self) -> list[CurrencyOption]:
        rows = list(self.currencies.all())
        if not rows:
            return default_currency_options()
        return [row.as_option() for row in rows]

    def charity(self) -> str:
        """Who the donor gives to: the page's charity name, else the site's name."""
        if self.charity_name:
            return self.charity_name
        site = self.get_site()
        return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME

    # --- Serving: the form, and the two pages Stripe sends donors back to --------

    @path("")
    def donate(self, request):
        from ..views import donate_page_serve

        return donate_page_serve(request, page=self)

    @path("thanks/")
    def thanks(self, request):
        from ..views import donate_thanks

        return donate_thanks(request, page=self)

    @path("cancelled/")
    def cancelled(self, request):
        from ..views import donate_cancelled

        return donate_cancelled(request, page=self)
