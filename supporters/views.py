"""Registering support, and the small account area where a contact manages their listing."""

from __future__ import annotations

from allauth.account.utils import complete_signup, has_verified_email
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import SignupForm
from core.ratelimits import client_ip, ip_network_key, over
from core.sharing import referral_url
from petitions import services as petitions_services

from . import services
from .forms import OrganisationForm
from .models import PUBLIC_FIELDS, Organisation, Status


@require_http_methods(["GET", "POST"])
def register(request):
    """One form: the contact's account (unless signed in) and the organisation.

    A new email gets an account and a verification email; an email that already
    has an account gets an email saying how to sign in. Both see the same page
    next, and both cost a password hash and one email (accounts/forms.py), so
    neither the answer nor its timing tells who has an account.
    """
    signed_in = request.user.is_authenticated
    organisation_form = OrganisationForm(request.POST or None, request.FILES or None)
    account_form = None if signed_in else SignupForm(request.POST or None, prefix="account")
    if (
        request.method == "POST"
        and organisation_form.is_valid()
        and (signed_in or account_form.is_valid())
    ):
        if not signed_in and organisation_form.is_bot:
            # The honeypot (core/forms.py): the same answer as anyone's, nothing stored or sent.
            return redirect("supporters:register_done")
        if signed_in:
            if not organisation_form.is_bot:  # the honeypot: the same answer, nothing stored
                services.organisation_register(
                    user=request.user,
                    email_verified=has_verified_email(request.user),
                    contact_email=request.user.email,
                    **organisation_form.service_fields(),
                )
            messages.success(
                request,
                _("Thank you: your organisation will appear once a moderator has checked it."),
            )
            return redirect("supporters:account")
        # Counted like every other limit on the site (core/ratelimits.py, the shared cache).
        if over(
            "supporters.register.ip",
            ip_network_key(client_ip(request)),
            settings.SUPPORTERS_RATE_LIMIT_IP,
        ):
            return render(request, "429.html", status=429)
        with transaction.atomic():
            user, _existing = account_form.try_save(request)
            if user is not None:
                services.organisation_register(
                    user=user,
                    email_verified=False,
                    contact_email=user.email,
                    **organisation_form.service_fields(),
                )
                # After verifying, the contact lands in their account area.
                complete_signup(request, user, "mandatory", reverse("supporters:account"))
        return redirect("supporters:register_done")
    return render(
        request,
        "supporters/register.html",
        {
            "organisation_form": organisation_form,
            "account_form": account_form,
            "page_title": _("Register your organisation's support"),
        },
    )


def register_done(request):
    return render(request, "supporters/register_done.html", {"page_title": _("Check your email")})


@login_required
def account(request):
    organisations = list(Organisation.objects.for_contact(request.user).select_related("logo"))
    _add_referrals(request, organisations)
    return render(
        request,
        "supporters/account.html",
        {"organisations": organisations, "page_title": _("Your organisation's listing")},
    )


def _add_referrals(request, organisations: list[Organisation]) -> None:
    """Each approved organisation's own link to the open petitions (carrying its referral
    code, core/sharing.py) and how many counted signatures its links brought."""
    approved = [organisation for organisation in organisations if organisation.is_public]
    if not approved:
        return
    petitions = petitions_services.petitions_to_share()
    brought = petitions_services.referral_counts(codes=[o.share_code for o in approved])
    for organisation in organisations:
        organisation.referral = None
    for organisation in approved:
        count = brought.get(organisation.share_code, 0)
        organisation.referral = {
            "links": [
                (petition.title, referral_url(request.build_absolute_uri(petition.url), organisation.share_code))
                for petition in petitions
            ],
            "count": count,
            "count_display": number_format(count, force_grouping=True),
        }  # fmt: skip


def _own(request, pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.for_contact(request.user), pk=pk)


def _initial(organisation: Organisation) -> dict:
    """What the edit form starts with: the listing as it will be once pending changes are accepted."""
    initial = {
        field: getattr(organisation, field)
        for field in (*PUBLIC_FIELDS, "contact_name", "contact_role")
    }
    initial["country"] = organisation.country.code if organisation.country else ""
    initial.update({k: v for k, v in (organisation.pending_changes or {}).items() if k != "logo"})
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    organisation = _own(request, pk)
    if organisation.status == Status.WITHDRAWN and request.method == "GET":
        messages.info(
            request,
            _("Your support is withdrawn. Saving this form sends the listing for review again."),
        )
    form = OrganisationForm(
        request.POST or None, request.FILES or None, initial=_initial(organisation)
    )
    if request.method == "POST" and form.is_valid():
        if form.is_bot:  # the honeypot (core/forms.py): back to the account, nothing saved
            return redirect("supporters:account")
        fields = form.service_fields()
        if "logo" not in fields:
            fields.pop("logo", None)
        organisation = services.organisation_update(
            organisation=organisation, actor=request.user, data=fields
        )
        if organisation.pending_changes:
            messages.success(
                request,
                _("Saved. The public list shows your changes once a moderator has checked them."),
            )
        else:
            messages.success(request, _("Saved."))
        return redirect("supporters:account")
    return render(
        request,
        "supporters/edit.html",
        {
            "form": form,
            "organisation": organisation,
            "page_title": _("Edit %(name)s") % {"name": organisation.name},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_withdraw_view(request, pk: int):
    organisation = _own(request, pk)
    if request.method == "POST":
        services.organisation_withdraw(organisation=organisation, actor=request.user)
        messages.success(
            request,
            _("%(name)s no longer appears on the list of supporters.")
            % {"name": organisation.name},
        )
        return redirect("supporters:account")
    return render(
        request,
        "supporters/withdraw.html",
        {
            "organisation": organisation,
            "page_title": _("Withdraw the support of %(name)s") % {"name": organisation.name},
        },
    )
