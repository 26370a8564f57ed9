"""The Donations menu in the Wagtail admin: donations, payments (with refunds), totals, Gift Aid.

Editors need the "view donation" and "view payment" permissions; the lists are
read-only for everyone, since only Stripe's verified events change money records.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .admin_filters import DonationFilterSet, PaymentFilterSet
from .admin_views import (
    DONATION_LIST_DISPLAY,
    PAYMENT_LIST_DISPLAY,
    DonationInspectView,
    DonationsMenuItem,
    DonationsPanel,
    DonationsSwitchedOffNotice,
    GiftAidClaimView,
    SafeCsvIndexView,
    TotalsView,
    can_view_donations,
    read_only_permission_policy,
)
from .models import Donation, Payment
from .services import donations_enabled

register_permission_policy(Donation, read_only_permission_policy(Donation))
register_permission_policy(Payment, read_only_permission_policy(Payment))


class DonationViewSet(ModelViewSet):
    model = Donation
    icon = "pick"
    menu_label = _("Donations")
    url_prefix = "donations/donation"
    url_namespace = "donations_donation"
    index_view_class = SafeCsvIndexView
    inspect_view_class = DonationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Never used: the permission policy refuses adding and editing to everyone.
    form_fields = ["name"]
    list_display = DONATION_LIST_DISPLAY
    filterset_class = DonationFilterSet
    ordering = "-created_at"
    list_per_page = 50
    search_fields = ["name", "email"]
    search_backend_name = None
    inspect_view_fields = [
        "reference",
        "status",
        "frequency",
        "amount_display",
        "name",
        "email",
        "gift_aid",
        "payments",
        "created_at",
        "completed_at",
        "cancelled_at",
        "erased_at",
        "stripe_checkout_session_id",
        "stripe_customer_id",
        "stripe_subscription_id",
    ]
    list_export = [
        "reference",
        "created_at",
        "get_frequency_display",
        "amount_display",
        "currency",
        "get_status_display",
        "name",
        "email",
        "has_gift_aid",
    ]
    export_headings = {
        "get_frequency_display": "Frequency",
        "amount_display": "Amount",
        "get_status_display": "Status",
        "has_gift_aid": "Gift Aid",
        "created_at": "Started",
    }
    export_filename = "donations"


class PaymentViewSet(ModelViewSet):
    model = Payment
    icon = "tick"
    menu_label = _("Payments and refunds")
    url_prefix = "donations/payment"
    url_namespace = "donations_payment"
    index_view_class = SafeCsvIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["failure_message"]
    list_display = PAYMENT_LIST_DISPLAY
    filterset_class = PaymentFilterSet
    ordering = "-paid_at"
    list_per_page = 50
    search_fields = ["stripe_id", "donation__name", "donation__email"]
    search_backend_name = None
    list_export = [
        "stripe_id",
        "paid_at",
        "amount_display",
        "currency",
        "get_status_display",
        "refunded_display",
        "donation.reference",
    ]
    export_headings = {
        "amount_display": "Amount",
        "get_status_display": "Status",
        "refunded_display": "Refunded",
        "donation.reference": "Donation",
    }
    export_filename = "donation-payments"


class DonationsGroup(ViewSetGroup):
    menu_label = _("Donations")
    menu_icon = "pick"
    menu_order = 250
    items = (DonationViewSet, PaymentViewSet)
    submenu_hook = "register_donations_menu_item"


@hooks.register("register_admin_viewset")
def register_donations_viewsets():
    return DonationsGroup()


@hooks.register("register_donations_menu_item")
def register_totals_menu_item():
    return DonationsMenuItem(
        _("Totals and monthly donors"), reverse("donations_totals"), icon_name="table", order=300
    )


@hooks.register("register_donations_menu_item")
def register_gift_aid_menu_item():
    return DonationsMenuItem(
        _("Gift Aid claim"), reverse("donations_gift_aid"), icon_name="download", order=400
    )


@hooks.register("register_admin_urls")
def register_donations_admin_urls():
    return [
        path("donations/totals/", TotalsView.as_view(), name="donations_totals"),
        path("donations/gift-aid/", GiftAidClaimView.as_view(), name="donations_gift_aid"),
    ]


@hooks.register("construct_homepage_panels")
def add_donations_panel(request, panels):
    if not donations_enabled():
        # Every editor: whoever edits the donate page or its buttons needs to know.
        panels.append(DonationsSwitchedOffNotice())
    if can_view_donations(request.user):
        panels.append(DonationsPanel())
