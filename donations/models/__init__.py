from .pages import CurrencyOption, DonateCurrency, DonatePage
from .records import (
    Donation,
    DonationStatus,
    EventSource,
    Frequency,
    GiftAidDeclaration,
    Payment,
    PaymentStatus,
    StripeEvent,
)

__all__ = [
    "CurrencyOption",
    "DonateCurrency",
    "DonatePage",
    "Donation",
    "DonationStatus",
    "EventSource",
    "Frequency",
    "GiftAidDeclaration",
    "Payment",
    "PaymentStatus",
    "StripeEvent",
]
